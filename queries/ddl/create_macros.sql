-- Helper macros for the import queries, created per connection (temporary, never stored).

-- Date text as typed in Chinese systems made plain: full-width digits and punctuation to ASCII,
-- runs of spaces to one, no trailing time-zone offset.
create or replace temp macro plain_date_text(text) as (
    regexp_replace(
        regexp_replace(translate(trim(text), '０１２３４５６７８９：／－．　', '0123456789:/-. '), '\s+', ' ', 'g'),
        '(\d)(Z|[+-]\d{2}:?\d{2})$', '\1'  -- an ISO offset: the exports' clock is the county's own
    )
);

-- Plain date text -> timestamp, or null when no known form matches. Accepts ISO and slash dates
-- with or without time (24-hour, or 12-hour with AM/PM), 2012年10月15日, 20121015, 2012.10.15 and
-- Excel serial numbers. Dates written day and month before the year are parse_day_month_timestamp's.
-- The commonest forms come first: every failed format costs time on a million rows.
create or replace temp macro parse_plain_timestamp(text) as (
    case
        when regexp_full_match(text, '\d{4,5}(\.\d+)?')
            then timestamp '1899-12-30' + to_seconds(cast(round(cast(text as double) * 86400) as bigint))
        else try_strptime(
            replace(text, 'T', ' '),
            [
                '%Y-%m-%d %H:%M:%S', '%Y-%m-%d %H:%M', '%Y-%m-%d', '%Y-%m-%d %H:%M:%S.%f',
                '%Y/%m/%d %H:%M:%S', '%Y/%m/%d %H:%M', '%Y/%m/%d',
                '%Y年%m月%d日 %H:%M:%S', '%Y年%m月%d日 %H:%M', '%Y年%m月%d日%H:%M', '%Y年%m月%d日%H时%M分',
                '%Y年%m月%d日',
                '%Y%m%d %H:%M:%S', '%Y%m%d', '%Y.%m.%d %H:%M:%S', '%Y.%m.%d %H:%M', '%Y.%m.%d',
                '%Y年%m月%d日 %H时%M分', '%Y年%m月%d日%H时%M分%S秒', '%Y%m%d%H%M%S',
                '%Y/%m/%d %I:%M:%S %p', '%Y/%m/%d %I:%M %p', '%Y-%m-%d %I:%M:%S %p', '%Y-%m-%d %I:%M %p'
            ]
        )
    end
);

-- 上午/下午 times ("2012/10/15 下午 2:30:00", as Chinese-locale Excel writes them) -> timestamp.
create or replace temp macro parse_meridiem_timestamp(text) as (
    parse_plain_timestamp(trim(regexp_replace(text, '\s*(上午|下午)\s*', ' ', 'g')))
    + case
        when contains(text, '下午')
            and hour(parse_plain_timestamp(trim(regexp_replace(text, '\s*(上午|下午)\s*', ' ', 'g')))) < 12
            then interval 12 hour
        when contains(text, '上午')
            and hour(parse_plain_timestamp(trim(regexp_replace(text, '\s*(上午|下午)\s*', ' ', 'g')))) = 12
            then -interval 12 hour  -- 上午12:30 is half past midnight
        else interval 0 hour
    end
);

-- Plain text of a date written day and month before the year (01/31/2020 12:05:00 AM, 31.01.2020)
-- -> timestamp. Whether 01/02/2020 is 1 February or January 2 is not in the text: `day_first`
-- says, as decided for the whole column from its other values (minyi/ingest/date_order.py).
-- The 12-hour form with seconds comes first, as the English exports that write this order use it.
create or replace temp macro parse_day_month_timestamp(text, day_first) as (
    try_strptime(
        case
            when day_first then regexp_replace(text, '^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})', '\3/\2/\1')
            else regexp_replace(text, '^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})', '\3/\1/\2')
        end,
        ['%Y/%m/%d %I:%M:%S %p', '%Y/%m/%d %H:%M:%S', '%Y/%m/%d %I:%M %p', '%Y/%m/%d %H:%M', '%Y/%m/%d',
         '%Y/%m/%d %H:%M:%S.%f']
    )
);

-- Text as exported -> timestamp, or null when no known form matches. Ordinary text takes the
-- fast path; only what fails it is made plain and tried again: a date written day and month before
-- the year (01/31/2020, see parse_day_month_timestamp), full-width digits, 上午/下午.
create or replace temp macro parse_timestamp(text, day_first) as (
    coalesce(
        parse_plain_timestamp(trim(text)),
        case
            when regexp_matches(text, '^\s*\d{1,2}[/.-]\d{1,2}[/.-]\d{4}')
                then parse_day_month_timestamp(plain_date_text(text), day_first)
            when contains(text, '午') then parse_meridiem_timestamp(plain_date_text(text))
            else parse_plain_timestamp(plain_date_text(text))
        end
    )
);

-- As parse_timestamp, unless the mapping file's [formats] names the field's format (`fmt`, a
-- strptime format such as '%m/%d/%Y %I:%M:%S %p'): then that format alone.
create or replace temp macro read_timestamp(text, day_first, fmt) as (
    coalesce(
        try_strptime(trim(text), fmt),  -- null at once when there is no format
        case when fmt is null then parse_timestamp(text, day_first) end
    )
);

-- A unit's name as stored and shown: as exported, trimmed, each run of whitespace (full-width and
-- no-break spaces too) one space, "Sanitation  Bureau" -> "Sanitation Bureau"; none between two
-- Chinese characters, which Chinese does not space ("新 棉 镇" -> "新棉镇"; twice, as matches overlap).
create or replace temp macro display_name(name) as (
    nullif(regexp_replace(regexp_replace(regexp_replace(
        trim(translate(name, chr(12288) || chr(160), '  ')),
        '\s+', ' ', 'g'),
        '(\p{Han}) (\p{Han})', '\1\2', 'g'),
        '(\p{Han}) (\p{Han})', '\1\2', 'g'), '')
);

-- A spelling as matched, never shown: full-width letters, digits and signs as ASCII, no whitespace,
-- lower case, so "Sanitation Bureau", "SANITATION BUREAU" and "Ｓａｎｉｔａｔｉｏｎ　Ｂｕｒｅａｕ" meet.
create or replace temp macro spelling_key(name) as (
    lower(regexp_replace(
        case  -- translate() over this many characters is slow: only for the rare name that needs it
            when regexp_matches(name, '[\x{FF01}-\x{FF5E}]')
                then translate(name, '！＂＃＄％＆＇（）＊＋，－．／０１２３４５６７８９：；＜＝＞？＠ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ［＼］＾＿｀ａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ｛｜｝～', '!"#$%&''()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\]^_`abcdefghijklmnopqrstuvwxyz{|}~')
            else name
        end,
        '[\s\x{3000}\x{A0}]+', '', 'g'))
);

-- Place names reduced to the part that identifies them, so 新棉 and 新棉镇 meet.
create or replace temp macro township_key(name) as (
    regexp_replace(name, '(街道办事处|街道办|街道|办事处|民族乡|镇|乡)$', '')
);
create or replace temp macro township_kind(name) as (
    case
        when name like '%街道' or name like '%办事处' then '街道'
        when name like '%镇' then '镇'
        when name like '%乡' then '乡'
        else '其他'
    end
);
create or replace temp macro department_key(name) as (
    regexp_replace(name, '^(县委|县|区委|区)', '')  -- 县公安局 = 公安局; 市公安局 is another body
);

create or replace temp macro dimension_key(dimension, name) as (
    case dimension
        when 'township' then township_key(spelling_key(name))
        when 'department' then department_key(spelling_key(name))
        else spelling_key(name)
    end
);

-- A cell as text, or null when it is blank or one of the `empty_values` ("—", "未办结", ...).
-- Plain trim() is four times faster than naming characters; ids, where a tab typed to keep
-- Excel from reformatting them is common, also lose tabs, line breaks and full-width spaces.
create or replace temp macro clean_cell(text, empty_values) as (
    case
        when list_contains(empty_values, trim(text)) then null
        else nullif(trim(text), '')
    end
);
create or replace temp macro clean_id(text, empty_values) as (
    clean_cell(trim(text, ' ' || chr(9) || chr(10) || chr(13) || chr(12288)), empty_values)
);

-- E-mail addresses and phone numbers written the way other countries' exports write them
-- ("212 555 0199", "(646) 555-0101", "+44 20 7946 0958") masked; the checks for '@' and for a
-- digit group after a separator keep the common Chinese text off the slower patterns.
create or replace temp macro scrub_foreign_contacts(text) as (
    case
        when text is null then null
        when not contains(text, '@') and not regexp_matches(text, '\d[ .)-]+\d{3,4}[ .-]\d{4}') then text
        else regexp_replace(regexp_replace(
            text,
            '[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+', '[邮箱]', 'g'),
            '(\+\d{1,3}[ .-]?)?(\(\d{2,4}\)|\b\d{2,4})[ .-]+\d{3,4}[ .-]\d{4}\b', '[电话]', 'g')
    end
);

-- A number standing alone in free text (no digit touches it; letters may, as in tel13912345678ok)
-- replaced by `label`. RE2 has no lookaround, so the digit-free neighbours are matched and put
-- back; the second pass catches a number whose left neighbour the first consumed (A、B).
create or replace temp macro mask_number(text, number, label) as (
    regexp_replace(regexp_replace(text, '(^|[^0-9])' || number || '([^0-9]|$)', '\1' || label || '\2', 'g'),
        '(^|[^0-9])' || number || '([^0-9]|$)', '\1' || label || '\2', 'g')
);

-- Free text with every number shaped like personal data masked, whatever its digits (an ID card
-- number with an impossible birth date is still an ID card number): ID cards (18 and 15 digits),
-- bank cards (16–19 digits, or in groups of four), mobiles (11 digits from 1, with or without
-- +86), landlines and any other 11-digit number (a phone's shape), a local number after 电话/座机
-- (为/是 and a dash allowed), and QQ and WeChat
-- ids after their names. Text with no run of four digits, no @ and no QQ or WeChat name skips
-- the patterns.
create or replace temp macro scrub_numbers(text) as (
    case
        when text is null or not regexp_matches(text, '(?i)[0-9]{4}|@|qq|扣扣|微信|wechat|weixin|vx') then text
        else regexp_replace(regexp_replace(regexp_replace(
            mask_number(mask_number(mask_number(mask_number(mask_number(mask_number(text,
                '[0-9]{6}[ -]?(?:[0-9]{8}|[0-9]{4}[ -][0-9]{4})[ -]?[0-9]{3}[0-9Xx]', '[身份证号]'),
                '[0-9]{16,19}|[0-9]{4}(?:[ -][0-9]{4}){3}(?:[ -][0-9]{1,3})?', '[银行卡号]'),
                '[0-9]{15}', '[身份证号]'),
                '(?:\+?86[- ]?)?1[0-9]{2}[-. ]?[0-9]{4}[-. ]?[0-9]{4}', '[手机号]'),
                '(?:86[- ]?[0-9]{2,3}[- ]?|[(（]0[0-9]{2,3}[)）]\s*|0[0-9]{2,3}[- ]?)[0-9]{3,4}[- ]?[0-9]{4}', '[电话]'),
                '[0-9]{11}', '[电话]'),
            '(电话|座机|联系方式|电话号码|手机号码|联系号码)(为|是)?([:：]?\s*)[0-9]{3,4}-?[0-9]{4}([^0-9]|$)', '\1\2\3[电话]\4', 'g'),
            '(?i)(qq|扣扣)(号码|号)?(为|是)?([:：]?\s*)[0-9]{5,11}([^0-9]|$)', '\1\2\3\4[QQ号]\5', 'g'),
            '(?i)(微信号?|wechat|weixin|vx)([:：]?\s*)[a-z][-_a-z0-9]{5,19}', '\1\2[微信号]', 'g')
    end
);

-- Free text as stored and quarantined: full-width digits made ASCII, the row's own person name
-- (read from a name column that is itself never stored) replaced, then scrub_numbers, e-mail
-- addresses and foreign phone numbers. Names of third persons in the text are out of any rule's
-- reach (README, 个人信息).
create or replace temp macro scrub_text(text, person_name) as (
    scrub_foreign_contacts(scrub_numbers(
        case
            when length(trim(coalesce(person_name, ''))) >= 2
                then replace(translate(text, '０１２３４５６７８９＋－Ｘｘ', '0123456789+-Xx'), trim(person_name), '[姓名]')
            else translate(text, '０１２３４５６７８９＋－Ｘｘ', '0123456789+-Xx')
        end))
);

-- The problems of a record's id and of its receipt and closure times, as a case and a 办件 share
-- them (field, code, value; null where none): a missing or Excel-mangled id (1.2E+15), a receipt
-- time missing, unreadable, in the future or before `earliest`, a closure time unreadable, in the
-- future or before the receipt (a closure dated the receipt's day without a time is not).
create or replace temp macro record_problems(id_field, id, received_text, received_at, closed_text, closed_at,
                                             now_at, earliest) as ([
    case when id is null then {'field': id_field, 'code': 'missing', 'value': null} end,
    case when regexp_full_match(id, '\d(\.\d+)?[eE]\+?\d+')
        then {'field': id_field, 'code': 'precision_lost_id', 'value': id} end,
    case when received_text is null then {'field': 'received_at', 'code': 'missing', 'value': null} end,
    case when received_text is not null and received_at is null
        then {'field': 'received_at', 'code': 'bad_date', 'value': received_text} end,
    case when received_at > now_at then {'field': 'received_at', 'code': 'future', 'value': received_text} end,
    case when received_at < earliest then {'field': 'received_at', 'code': 'too_early', 'value': received_text} end,
    case when closed_text is not null and closed_at is null
        then {'field': 'closed_at', 'code': 'bad_date', 'value': closed_text} end,
    case when closed_at > now_at then {'field': 'closed_at', 'code': 'future', 'value': closed_text} end,
    case when closed_at < received_at
            and (cast(closed_at as date) < cast(received_at as date) or closed_at <> date_trunc('day', closed_at))
        then {'field': 'closed_at', 'code': 'closed_before_received', 'value': closed_text} end
]);

-- An id as Excel users protect it from becoming a number: ="0123" and '0123 are 0123.
create or replace temp macro unwrap_id(id) as (
    case
        when starts_with(id, '=') or starts_with(id, chr(39))
            then nullif(regexp_replace(id, '^=?''?"?(.*?)"?$', '\1'), '')
        else id
    end
);

-- A village's name reduced to what identifies it within its township: 红旗村委会 and 红旗村民委员会
-- are 红旗村, 光明社区居委会 is 光明社区 (then as spelling_key).
create or replace temp macro village_key(name) as (
    spelling_key(regexp_replace(regexp_replace(trim(name), '(村民委员会|村委会)$', '村'),
                                '(社区居民委员会|社区居委会|居民委员会|居委会)$', '社区'))
);

-- A grid's member name in the hierarchy: 乡镇/村/网格, the parts an export lacks left empty.
create or replace temp macro grid_path(township, village, grid) as (
    coalesce(township, '') || '/' || coalesce(village, '') || '/' || grid
);
