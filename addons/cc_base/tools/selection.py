def selection_label(record, fname):
    """The label of a selection field's value, in the user's language."""
    return dict(record._fields[fname]._description_selection(record.env)).get(record[fname])
