"""The Streamlit side shared by the app and its pages: the map component (declared once)
and folder lifetime per viewer session. Only this package, `app.py` and `pages/` import
streamlit."""
