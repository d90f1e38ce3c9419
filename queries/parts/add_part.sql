-- Records a new history part: its attach name and its file in the snapshot folder.
-- Parameters: $part, $file.
insert into history_parts (part, file)
values ($part, $file)
