def _ids(value):
    """Every integer in value, however deep: the ids a Store record names."""
    if isinstance(value, dict):
        for item in value.values():
            yield from _ids(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _ids(item)
    elif isinstance(value, int) and not isinstance(value, bool):
        yield value


def split_store(data, model):
    """The data of a Store (Store.get_result()) holding several records of
    model, as {id: the data of that record alone}: each keeps the records of
    other models it names (its author, its thread…), so that each can be sent
    on its own after serializing them all at once."""
    split = {}
    for record in data[model]:
        named = set(_ids(record))
        split[record["id"]] = {model: [record]}
        for name, records in data.items():
            if name == model:
                continue
            if isinstance(records, dict):  # a singleton: kept whole
                split[record["id"]][name] = records
            elif kept := [other for other in records if other.get("id") in named]:
                split[record["id"]][name] = kept
    return split
