"""The store: Chroma chunks, the keyword index beside it, the library of documents."""
