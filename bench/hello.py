"""The framework's ceiling: a bare Flask "hello world", served by bench/load.py with the portal's gunicorn settings."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello():
    return "Hello, World!"
