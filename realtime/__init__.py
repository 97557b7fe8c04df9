"""The Socket.IO process (``uvicorn realtime.app:app``) and the publisher every other process pushes through."""
