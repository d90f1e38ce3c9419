// The whole main area as one PNG, drawn in this browser: a copy of the page with every element's
// computed style written on it, wrapped in an SVG <foreignObject> and painted on a canvas.
// Nothing is fetched: text takes the system fonts (Noto CJK), pictures are copied as data: URLs.
(function () {
  if (window.minyiPicture) return;

  const SVG = "http://www.w3.org/2000/svg";
  // Chromium's largest canvas: 16384 px a side (32767 in newer builds) and 268 M pixels in all.
  const MAX_SIDE = 16384;
  const MAX_AREA = 268435456;
  // A running animation or transition would start again in the picture (a fade-in drawn blank).
  const MOVING = /^(animation|transition)/;

  function copyStyle(source, target) {
    const style = getComputedStyle(source);
    const lines = [];
    for (let index = 0; index < style.length; index++) {
      const name = style[index];
      if (MOVING.test(name)) continue;
      const priority = style.getPropertyPriority(name);
      lines.push(name + ":" + style.getPropertyValue(name) + (priority ? " !important" : ""));
    }
    target.setAttribute("style", lines.join(";"));
    return style;
  }

  // A canvas (a table drawn by glide-data-grid) or a picture, as an <img> holding its pixels.
  function pixels(source) {
    let url = "";
    try {
      if (source instanceof HTMLCanvasElement) {
        url = source.toDataURL("image/png");
      } else if (source.complete && source.naturalWidth) {
        const canvas = document.createElement("canvas");
        canvas.width = source.naturalWidth;
        canvas.height = source.naturalHeight;
        canvas.getContext("2d").drawImage(source, 0, 0);
        url = canvas.toDataURL("image/png");
      }
    } catch (error) {
      url = "";  // a picture from another site cannot be read: it is left out, not the whole page
    }
    const image = document.createElement("img");
    if (url) image.setAttribute("src", url);
    copyStyle(source, image);
    return image;
  }

  // What a reader typed or ticked lives in properties, which a copy does not carry: as attributes.
  function keepValue(source, target) {
    if (source instanceof HTMLInputElement) {
      if (source.type === "checkbox" || source.type === "radio") {
        if (source.checked) target.setAttribute("checked", "");
        else target.removeAttribute("checked");
      } else {
        target.setAttribute("value", source.value);
      }
    } else if (source instanceof HTMLTextAreaElement) {
      target.textContent = source.value;
    } else if (source instanceof HTMLSelectElement) {
      Array.from(target.options).forEach((option, index) => {
        if (index === source.selectedIndex) option.setAttribute("selected", "");
        else option.removeAttribute("selected");
      });
    }
  }

  function copy(source, skip) {
    if (source.nodeType === Node.TEXT_NODE) return source.cloneNode(false);
    if (source.nodeType !== Node.ELEMENT_NODE || skip(source)) return null;
    const tag = source.localName;
    if (tag === "script" || tag === "style" || tag === "iframe" || tag === "noscript") return null;
    if (tag === "canvas" || (tag === "img" && source.namespaceURI !== SVG)) return pixels(source);
    const target = source.cloneNode(false);
    const style = copyStyle(source, target);
    if (style.display === "none" && source.namespaceURI !== SVG) return null;  // SVG keeps its <defs> and clip paths
    for (let child = source.firstChild; child; child = child.nextSibling) {
      const copied = copy(child, skip);
      if (copied) target.appendChild(copied);
    }
    keepValue(source, target);
    return target;
  }

  // The pixel ratio asked for, lowered as far as the canvas limits need (below 1 only for a page
  // taller than 16384 CSS px, which is then drawn smaller rather than cut).
  function fittingRatio(width, height, wanted) {
    return Math.min(wanted, MAX_SIDE / width, MAX_SIDE / height, Math.sqrt(MAX_AREA / (width * height)));
  }

  function load(url) {
    return new Promise((resolve, reject) => {
      const image = new Image();
      image.onload = () => resolve(image);
      image.onerror = () => reject(new Error("the page copy could not be drawn"));
      image.src = url;
    });
  }

  // `root` as a PNG Blob, its full width × scrollHeight at `ratio` device pixels per CSS pixel,
  // on white, without the elements for which `skip(element)` is true.
  async function toPng(root, { ratio = 2, skip = () => false } = {}) {
    const width = root.clientWidth;
    const height = root.scrollHeight;
    const clone = copy(root, skip);
    clone.style.margin = "0";  // the block is centred on the page; in the picture it starts at 0
    const markup = '<svg xmlns="' + SVG + '" width="' + width + '" height="' + height + '">' +
      '<foreignObject x="0" y="0" width="100%" height="100%">' +
      new XMLSerializer().serializeToString(clone) + "</foreignObject></svg>";
    const image = await load("data:image/svg+xml;charset=utf-8," + encodeURIComponent(markup));
    const scale = fittingRatio(width, height, ratio);
    const canvas = document.createElement("canvas");
    canvas.width = Math.floor(width * scale);
    canvas.height = Math.floor(height * scale);
    const context = canvas.getContext("2d");
    context.fillStyle = "#ffffff";
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
    return new Promise((resolve, reject) => canvas.toBlob(
      (blob) => (blob ? resolve(blob) : reject(new Error("the canvas gave no PNG"))), "image/png"));
  }

  window.minyiPicture = { toPng, fittingRatio };
})();
