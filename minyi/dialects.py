"""One set of analysis queries for both backends (issue 15, Tier 2). DuckDB runs `queries/*.sql` as
written; for ClickHouse a query is parsed with sqlglot, the DuckDB macros it calls
(`queries/ddl/analysis_macros.sql`) are expanded in place, the constructs ClickHouse spells
otherwise are rewritten here, and the result is written in ClickHouse's dialect with typed
server-side parameters (`{name:Type}`), never with values pasted into the text. Every
dialect-specific piece lives in this module, so the query files stay the one source.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from typing import Any

import sqlglot
from sqlglot import exp

from minyi import db

MACRO_FILES = ("ddl/analysis_macros",)
# Queries about the DuckDB file itself (which derived tables it has, in which shape): a ClickHouse
# store's tables are made by Minyi in their current shape, so these have no ClickHouse form.
DUCKDB_CATALOG = frozenset({"derived_tables", "schema_current"})
# Every query a run on ClickHouse still makes on the DuckDB file it loads from: the catalog checks,
# whether the file is current or an older demo (app_state.ensure_database), and its columns and
# parts (clickhouse_loads.load_snapshot). Some (meta_facts) are read from ClickHouse too.
DUCKDB_FILE_READS = DUCKDB_CATALOG | {"derived_rows_match", "stale_rollups", "parts/listed", "parts/current_file",
                                      "meta_facts", "clickhouse/snapshot_columns"}
# Settings every ClickHouse query runs with: a name means the column, not a select alias that
# shadows it (DuckDB's rule; `coalesce(township, '（未填写）') as township` is common here), and
# outer joins and grouping sets give nulls, not default values, where DuckDB does.
CLICKHOUSE_SETTINGS = {"prefer_column_name_to_alias": 1, "join_use_nulls": 1, "group_by_use_nulls": 1,
                       "session_timezone": "'UTC'"}  # times are local wall-clock times, as DuckDB stores them


@dataclass(frozen=True)
class Macro:
    parameters: tuple[str, ...]
    body: exp.Expression
    is_table: bool


@functools.cache
def macros() -> dict[str, Macro]:
    """The DuckDB macros the analysis queries call, by name."""
    found = {}
    for name in MACRO_FILES:
        for statement in sqlglot.parse(db.load_query(name), read="duckdb"):
            if isinstance(statement, exp.Create) and str(statement.args.get("kind")).upper() == "MACRO":
                function = statement.this
                found[function.this.name.lower()] = Macro(tuple(p.name for p in function.expressions),
                                                          statement.expression,
                                                          isinstance(statement.expression, exp.Query))
    return found


def _bound(macro: Macro, arguments: list[exp.Expression]) -> exp.Expression:
    """The macro's body with each parameter replaced by its argument (parenthesised when compound)."""
    if len(arguments) != len(macro.parameters):
        raise ValueError(f"宏参数个数不符：需要 {len(macro.parameters)} 个，给了 {len(arguments)} 个")
    given = {name: argument if isinstance(argument, (exp.Column, exp.Literal, exp.Placeholder, exp.Null,
                                                     exp.Paren, exp.Boolean)) else exp.Paren(this=argument)
             for name, argument in zip(macro.parameters, arguments)}

    def replace(node: exp.Expression) -> exp.Expression:
        if isinstance(node, exp.Column) and not node.table and node.name in given:
            return given[node.name].copy()
        return node

    return macro.body.copy().transform(replace)


def _table_call(node: exp.Expression) -> exp.Anonymous | None:
    """The function a FROM or JOIN item calls (`scoped(...)`, `query_table(...)`), if any."""
    if isinstance(node, exp.Table) and isinstance(node.this, exp.Anonymous):
        return node.this
    return None


def expand(tree: exp.Expression) -> exp.Expression:
    """`tree` with every macro call replaced by the macro's body, nested calls included;
    query_table('name') becomes the table `name`."""
    known = macros()

    def replace(node: exp.Expression) -> exp.Expression:
        call = _table_call(node)
        if call is not None:
            name = call.name.lower()
            if name == "query_table":
                argument = call.expressions[0]
                if not isinstance(argument, exp.Literal):
                    return node  # a macro parameter not yet bound
                table = exp.to_table(argument.this)
                if node.args.get("alias"):
                    table.set("alias", node.args["alias"].copy())
                return table
            if name in known and known[name].is_table:
                body = _bound(known[name], list(call.expressions))
                alias = node.args.get("alias") or exp.TableAlias(this=exp.to_identifier(name))
                return exp.Subquery(this=body, alias=alias.copy())
        if isinstance(node, exp.Anonymous) and node.name.lower() in known and not known[node.name.lower()].is_table:
            return exp.Paren(this=_bound(known[node.name.lower()], list(node.expressions)))
        return node

    for _ in range(20):  # macros call macros a few levels deep
        expanded = tree.transform(replace)
        if expanded.sql(dialect="duckdb") == tree.sql(dialect="duckdb"):
            return expanded
        tree = expanded
    raise ValueError("宏展开层数过多")


def clickhouse_type(value: Any) -> str:
    """The ClickHouse type a parameter value is bound as. A list of records (the periods of
    minyi.month_rollups.standing: [{start, end, as_of}]) is bound as one array per field, named
    <parameter>_<field>, and typed here as Records(field Type, ...)."""
    if isinstance(value, (list, tuple)) and value and all(isinstance(item, dict) for item in value):
        fields = ", ".join(f"{field} {clickhouse_type(item)}" for field, item in value[0].items())
        return f"Records({fields})"
    if value is None:
        return "Nullable(String)"
    if isinstance(value, bool):
        return "Bool"
    if isinstance(value, int):
        return "Int64"
    if isinstance(value, float):
        return "Float64"
    if isinstance(value, dt.datetime):
        return "DateTime64(6, 'UTC')"  # as minyi.clickhouse stores times
    if isinstance(value, dt.date):
        return "Date32"  # 1900-2299, as the stored days
    if isinstance(value, str):
        return "String"
    if isinstance(value, (list, tuple)):
        inner = {clickhouse_type(item) for item in value if item is not None}
        element = inner.pop() if len(inner) == 1 else "String"
        return f"Array({'Nullable(' + element + ')' if any(item is None for item in value) else element})"
    raise TypeError(f"参数类型无法传给 ClickHouse：{type(value).__name__}")


def _record_fields(type_text: str) -> list[tuple[str, str]]:
    """The (field, type) pairs of a Records(...) type."""
    inner = type_text[len("Records("):-1]
    pairs, depth, current = [], 0, ""
    for char in inner + ",":
        if char == "," and depth == 0:
            field, kind = current.strip().split(" ", 1)
            pairs.append((field, kind))
            current = ""
            continue
        depth += {"(": 1, ")": -1}.get(char, 0)
        current += char
    return pairs


def _numbered_records(select: exp.Select, typed: dict[str, str]) -> exp.Expression | None:
    """DuckDB's `select unnest($records, recursive := true), generate_subscripts($records, 1) as n`
    (one row per record, its fields as columns, numbered from 1) in ClickHouse: the per-field
    arrays zipped with their positions and joined out."""
    exploded = [node for node in select.expressions if isinstance(node, exp.Explode)]
    if len(exploded) != 1 or not isinstance(exploded[0].this, exp.Placeholder):
        return None
    records = exploded[0].this.name
    if not typed.get(records, "").startswith("Records("):
        return None
    fields = _record_fields(typed[records])
    numbered = [node for node in select.expressions if isinstance(node, exp.Alias)
                and isinstance(node.this, exp.Anonymous) and node.this.name.lower() == "generate_subscripts"]
    arrays = [f"{{{records}_{field}:Array({kind})}}" for field, kind in fields]
    columns = [f"record.{i + 1} as {field}" for i, (field, _) in enumerate(fields)]
    if numbered:
        columns.append(f"record.{len(fields) + 1} as {numbered[0].alias}")
    zipped = f"arrayZip({', '.join(arrays)}, range(1, length({arrays[0]}) + 1))"
    return sqlglot.parse_one(f"select {', '.join(columns)} from (select arrayJoin({zipped}) as record)",
                             read="clickhouse")


def _order_by_selected(select: exp.Select) -> None:
    """DuckDB orders by a select alias before a column of that name (`coalesce(township, ...) as
    township ... order by township`); ClickHouse, told to prefer columns (CLICKHOUSE_SETTINGS), would
    order by the column. Such an order key becomes the selected expression itself."""
    order = select.args.get("order")
    if order is None:
        return
    selected = {e.alias: e.this for e in select.expressions if isinstance(e, exp.Alias)}
    for ordered in order.expressions:
        key = ordered.this
        if isinstance(key, exp.Column) and not key.table and key.name in selected:
            ordered.set("this", selected[key.name].copy())


PREDICATES = (exp.And, exp.Or, exp.Not, exp.EQ, exp.NEQ, exp.GT, exp.GTE, exp.LT, exp.LTE, exp.Is, exp.Between,
              exp.In, exp.Like, exp.ILike)


def _selected_predicates_as_bool(select: exp.Select) -> None:
    """A selected comparison or logical expression is a BOOLEAN in DuckDB and a UInt8 in ClickHouse
    (pandas then reads a float): named ones (every query here names its columns) are cast to Bool."""
    for expression in select.expressions:
        if not isinstance(expression, exp.Alias):
            continue
        inner = expression.this
        while isinstance(inner, exp.Paren):
            inner = inner.this
        if isinstance(inner, PREDICATES):
            expression.set("this", exp.Cast(this=exp.Paren(this=inner.copy()),
                                             to=exp.DataType.build("Nullable(Bool)", dialect="clickhouse")))


def _choices(case: exp.Case) -> tuple[str, list[str]] | None:
    """The parameter a CASE chooses on and its WHEN values, when every WHEN is a text literal
    (`CASE $by WHEN 'township' THEN … END`); None for any other CASE."""
    operand, branches = case.this, case.args.get("ifs") or []
    if not isinstance(operand, exp.Placeholder) or not all(
            isinstance(branch.this, exp.Literal) and branch.this.is_string for branch in branches):
        return None
    return operand.name, [branch.this.name for branch in branches]


def _chosen_branch(case: exp.Case, chosen: dict[str, str | None]) -> exp.Expression | None:
    """Such a CASE for the value bound to its parameter (`chosen`: the WHEN value it equals, None
    for none): the branch it picks, the ELSE or NULL. DuckDB folds such a CASE on the bound value;
    ClickHouse reads every branch's columns for every row (handling_days at 10M: 0.33 s, 0.15 s
    with the one branch)."""
    choices = _choices(case)
    if choices is None or choices[0] not in chosen:
        return None
    for branch in case.args["ifs"]:
        if branch.this.name == chosen[choices[0]]:
            return branch.args["true"].copy()
    default = case.args.get("default")
    return default.copy() if default is not None else exp.Null()


@functools.cache
def _case_operands(name: str) -> dict[str, frozenset[str]]:
    """The parameters a CASE of the query (its macros expanded) chooses on, with their WHEN values."""
    tree = expand(sqlglot.parse_one(db.load_query(name), read="duckdb"))
    operands: dict[str, frozenset[str]] = {}
    for choices in filter(None, map(_choices, tree.find_all(exp.Case))):
        operands[choices[0]] = operands.get(choices[0], frozenset()) | frozenset(choices[1])
    return operands


@functools.lru_cache(maxsize=None)
def _clickhouse_text(name: str, types: tuple[tuple[str, str], ...],
                     chosen: tuple[tuple[str, str | None], ...] = ()) -> str:
    tree = expand(sqlglot.parse_one(db.load_query(name), read="duckdb"))
    typed, picked = dict(types), dict(chosen)

    def rewrite(node: exp.Expression) -> exp.Expression:
        if isinstance(node, exp.Case):
            branch = _chosen_branch(node, picked)
            if branch is not None:  # transform does not enter a node it returns: the branch is rewritten here
                return exp.Paren(this=branch.transform(rewrite))
        if isinstance(node, exp.Select):
            replaced = _numbered_records(node, typed)
            if replaced is not None:
                return replaced
            _order_by_selected(node)
            _selected_predicates_as_bool(node)
        if isinstance(node, exp.LogicalOr):  # bool_or / bool_and: ClickHouse takes max / min of a Bool
            return exp.Max(this=node.this)
        if isinstance(node, exp.LogicalAnd):
            return exp.Min(this=node.this)
        if isinstance(node, exp.Placeholder) and node.name in typed and not typed[node.name].startswith("Records("):
            return exp.Placeholder(this=node.name, kind=exp.DataType.build(typed[node.name], dialect="clickhouse"))
        return node

    return tree.transform(rewrite).sql(dialect="clickhouse")


def clickhouse_query(name: str, params: dict[str, Any]) -> str:
    """The query `queries/<name>.sql` in ClickHouse's dialect, its parameters typed for `params`, a
    CASE on a text parameter (a breakdown's `$by`) resolved to the branch its value picks."""
    operands = _case_operands(name)
    chosen = tuple(sorted((key, value if value in operands[key] else None)  # one text per WHEN, one for the rest
                          for key, value in params.items() if key in operands and isinstance(value, str)))
    return _clickhouse_text(name, tuple(sorted((key, clickhouse_type(value)) for key, value in params.items())), chosen)
