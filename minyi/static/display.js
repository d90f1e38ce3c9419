// What Streamlit draws in English, in Chinese; the print scale;
// and the sidebar's whole-page image and print buttons. Runs in the app's own page (st.html),
// once per browser tab. Nothing here loads anything from the network.
(function () {
  if (window.minyiDisplay) return;

  // Streamlit 1.67's own English, as it appears in text nodes (tool tips, menus, the upload box,
  // the running indicator, the connection notices), matched whole after trimming.
  const WORDS = {
    "Stop": "停止", "Stopping...": "正在停止…", "Running...": "正在计算…", "Rerun": "重新运行",
    "Upload": "选择文件", "Browse files": "选择文件", "Drag and drop file here": "把文件拖到这里",
    "Drag and drop files here": "把文件拖到这里", "Drag and drop a file here": "把文件拖到这里",
    "Drop file here": "松开即可上传", "Drop files here": "松开即可上传", "Remove file": "移除文件",
    "No results": "无匹配项", "No options to select.": "没有可选项", "Choose an option": "请选择",
    "Choose options": "请选择", "Clear all": "全部清除", "Clear": "清除",
    "Search": "搜索", "Search...": "搜索…", "Fullscreen": "全屏", "Close fullscreen": "退出全屏", "Exit fullscreen": "退出全屏",
    "Show/hide columns": "显示/隐藏列", "Download as CSV": "下载 CSV", "Show all": "全部显示", "Hide all": "全部隐藏",
    "Sort ascending": "升序排列", "Sort descending": "降序排列", "Format": "数字格式", "Autosize": "自动列宽",
    "Pin column": "固定此列", "Unpin column": "取消固定", "Hide column": "隐藏此列", "Statistics": "统计",
    "Copy": "复制", "Copied": "已复制", "Automatic": "自动", "Localized": "本地格式", "Plain": "常规",
    "Percent": "百分比", "Scientific": "科学计数", "Engineering": "工程计数", "Compact": "紧凑", "Relative": "相对时间",
    "Date": "日期", "Time": "时间", "Calendar": "日历", "Distance": "距离", "Accounting": "会计",
    "Connecting": "正在连接", "Please wait...": "请稍候…", "Connection error": "连接中断",
    "Is Streamlit still running? If you accidentally stopped Streamlit, just restart it in your terminal:":
      "看板服务未响应，请稍后刷新页面，或联系管理员。",
    "Close": "关闭", "Cancel": "取消", "Dismiss": "关闭", "Show more": "展开", "Show less": "收起",
    // client.showErrorDetails = "none": the notice that replaces every error's message and trace
    "This app has encountered an error. The original error message is redacted to prevent data leaks. Full error details have been recorded in the logs (if you're on Streamlit Cloud, click on 'Manage app' in the lower right of your app).":
      "页面出错了，出错详情已记入服务器日志。请刷新页面重试；如仍出错，请联系管理员。",
  };
  const PATTERNS = [
    [/^(\d+(?:\.\d+)?\s*[KMGT]?B) per file(?:\s*•.*)?$/, "单个文件不超过$1"],
    [/^•\s*[A-Z0-9]+(?:,\s*[A-Z0-9]+)*$/, ""],  // the accepted types, which the box's label names
    [/^Drag and drop .* here$/, "把文件拖到这里"],
  ];

  function chinese(text) {
    const key = text.trim();
    if (!key || !/[A-Za-z]/.test(key)) return null;  // "" is a valid answer below: the text goes
    if (Object.prototype.hasOwnProperty.call(WORDS, key)) return WORDS[key];
    for (const [pattern, replacement] of PATTERNS) {
      if (pattern.test(key)) return key.replace(pattern, replacement);
    }
    return null;
  }

  // Plotly's drawings hold no Streamlit English and thousands of nodes: they are never walked. Their
  // tool bar is, whenever Plotly builds it again: its buttons speak Chinese through Plotly's locale,
  // but the full-screen button Streamlit adds to it says "Fullscreen".
  function drawn(node) {
    const element = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
    if (!element) return true;
    if (element.closest(".modebar-container")) return false;
    return element instanceof SVGElement || !!element.closest(".js-plotly-plot .svg-container");
  }

  function translate(root) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, {
      acceptNode: (node) => node.nodeType === Node.TEXT_NODE ? NodeFilter.FILTER_ACCEPT
        : (node instanceof SVGElement || node.matches("script, style, [data-testid='stIconMaterial']"))
          ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_SKIP,
    });
    const changes = [];
    while (walker.nextNode()) {
      const node = walker.currentNode;
      const replaced = chinese(node.nodeValue);
      if (replaced !== null) changes.push([node, replaced]);
    }
    for (const [node, replaced] of changes) node.nodeValue = replaced;
    // attributes a reader sees: a field's placeholder, a tool tip drawn from data-title (the
    // full-screen button Streamlit adds to Plotly's tool bar) or title
    for (const name of ["placeholder", "data-title", "title", "aria-label"]) {
      const elements = [...root.querySelectorAll("[" + name + "]")];
      if (root.hasAttribute && root.hasAttribute(name)) elements.push(root);
      elements.forEach((element) => {
        const replaced = chinese(element.getAttribute(name));
        if (replaced !== null) element.setAttribute(name, replaced);
      });
    }
  }

  // Print lays the main area out as wide as on screen and scales it to the A4 text width
  // (186 mm = 703 CSS px), so charts drawn for the screen fit the page. Measured once the page
  // is quiet (a forced layout while Streamlit draws costs a frame), on resize and before print;
  // the document's style changes only when the width did.
  const A4_TEXT_PX = 700;
  let rememberedWidth = null;
  function rememberWidth() {
    const main = document.querySelector("[data-testid='stMainBlockContainer']");
    if (!main || !main.clientWidth) return;
    const style = getComputedStyle(main);
    const width = main.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    if (width === rememberedWidth) return;
    rememberedWidth = width;
    document.documentElement.style.setProperty("--minyi-screen-width", width + "px");
    document.documentElement.style.setProperty("--minyi-print-zoom", Math.min(1, A4_TEXT_PX / width).toFixed(3));
  }
  let quiet = null;
  function whenQuiet() {
    clearTimeout(quiet);
    quiet = setTimeout(rememberWidth, 250);
  }

  // Streamlit changes the page many times while it draws; each change is noted (the nodes added,
  // the texts changed) and handled once per animation frame, looking only at what changed (never
  // inside a chart's drawing) and never forcing a layout. KPI numbers fit their cards by CSS
  // (card_markup gives each number's width in em).
  let pending = false;
  let everything = true;
  const added = new Set();
  function settle() {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      const roots = everything ? [document.body] : [...added];
      added.clear();
      everything = false;
      for (const root of roots) {
        if (!root.isConnected) continue;
        if (root.nodeType === Node.TEXT_NODE) {
          const parent = root.parentElement;
          const replaced = parent && !parent.closest("[data-testid='stIconMaterial'], script, style")
            ? chinese(root.nodeValue) : null;
          if (replaced !== null) root.nodeValue = replaced;
        } else if (root.nodeType === Node.ELEMENT_NODE) {
          translate(root);
        }
      }
      whenQuiet();
    });
  }
  function noted(records) {
    for (const record of records) {
      if (record.type === "childList") {
        record.addedNodes.forEach((node) => { if (!drawn(node)) added.add(node); });
      } else if (!drawn(record.target)) {
        added.add(record.target);
      }
    }
    if (added.size) settle();
  }
  new MutationObserver(noted).observe(document.body, {
    childList: true, subtree: true, characterData: true,
    attributes: true, attributeFilter: ["placeholder", "data-title", "title", "aria-label"],
  });
  window.addEventListener("resize", () => { everything = true; settle(); });
  window.addEventListener("beforeprint", rememberWidth);
  settle();

  function fileName() {
    const marker = document.querySelector(".minyi-header");
    const title = marker ? marker.dataset.title : "民意看板";
    const period = marker ? marker.dataset.period.replace(/ · /g, "_") : "";
    return [title.trim(), period].filter(Boolean).join("_").replace(/[\\/:*?"<>|\s]+/g, "_") + ".png";
  }

  // The whole main area as one PNG, drawn in this browser by picture.js (no round trip to the
  // server): without the tool bars, download buttons and icons.
  const LEFT_OUT = ".modebar-container, [data-testid='stElementToolbar'], [data-testid='stDownloadButton'], " +
    "[data-testid='stIconMaterial'], [data-testid='stExpanderIcon'], [data-testid='stTooltipIcon'], " +
    "[data-testid='stAlertDynamicIcon'], .minyi-tools";
  async function savePicture(button) {
    const main = document.querySelector("[data-testid='stMainBlockContainer']");
    if (!main || !window.minyiPicture) return;
    const label = button.textContent;
    button.disabled = true;
    button.textContent = "正在生成…";
    try {
      const blob = await window.minyiPicture.toPng(main, { ratio: 2, skip: (element) => element.matches(LEFT_OUT) });
      const url = URL.createObjectURL(blob);
      const link = document.createElement("a");
      link.href = url;
      link.download = fileName();
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60000);
    } catch (error) {
      window.alert("整页图片生成失败，请改用“打印”另存为 PDF。");
    } finally {
      button.disabled = false;
      button.textContent = label;
    }
  }

  document.addEventListener("click", (event) => {
    const button = event.target.closest && event.target.closest(".minyi-tools button");
    if (!button) return;
    if (button.dataset.action === "print") window.print();
    if (button.dataset.action === "picture") savePicture(button);
  });

  window.minyiDisplay = { chinese, savePicture, rememberWidth };
})();
