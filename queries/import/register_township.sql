-- Registers $township as a known township if it is not one yet (from a mapping file's aliases).
insert or ignore into townships select $township, township_kind($township)
