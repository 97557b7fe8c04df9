"""Background work (arq): cooldown expiry, pool recycling, balance repair, pushes and the reset sweep.

The worker process runs ``arq workers.settings.WorkerSettings``; the API only imports
:mod:`workers.enqueue`.
"""
