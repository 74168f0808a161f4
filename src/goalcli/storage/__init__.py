"""Everything that touches SQL, one module per entity, behind one interface (store.Store)."""
