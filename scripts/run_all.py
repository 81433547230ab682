"""Run the web server, a Celery worker and Celery beat together; Ctrl-C stops all three.

Each process's output is prefixed with its name so a person can follow all three logs.
"""

import os
import signal
import subprocess
import sys
import threading

BIN = os.path.dirname(sys.executable)
PORT = os.environ.get("PORT", "8000")  # `make run PORT=8001` when 8000 is taken
PROCESSES = {
    "web": [sys.executable, "manage.py", "runserver", f"127.0.0.1:{PORT}"],
    "worker": [
        os.path.join(BIN, "celery"),
        "-A",
        "config",
        "worker",
        "--loglevel=INFO",
        "--concurrency=1",
        "--pool=solo",
    ],
    "beat": [os.path.join(BIN, "celery"), "-A", "config", "beat", "--loglevel=INFO"],
}


def _pump(name, stream):
    for line in iter(stream.readline, ""):
        sys.stdout.write(f"{name:>6} | {line}")
        sys.stdout.flush()


def _stop(signum, frame):
    raise KeyboardInterrupt  # SIGTERM stops all three, like Ctrl-C


def main() -> int:
    signal.signal(signal.SIGTERM, _stop)
    children = {}
    for name, command in PROCESSES.items():
        children[name] = subprocess.Popen(  # noqa: S603 - fixed commands, no user input
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        threading.Thread(target=_pump, args=(name, children[name].stdout), daemon=True).start()
    print("Waymark is starting on http://127.0.0.1:8000 (web, worker, beat). Ctrl-C stops all.")
    try:
        while all(child.poll() is None for child in children.values()):
            threading.Event().wait(0.5)
        stopped = [name for name, child in children.items() if child.poll() is not None]
        print(f"Stopped unexpectedly: {', '.join(stopped)}. Stopping the others.")
        return 1
    except KeyboardInterrupt:
        print("\nStopping web, worker and beat…")
        return 0
    finally:
        # A second Ctrl-C or SIGTERM must not interrupt the clean-up and orphan a child.
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        for child in children.values():
            if child.poll() is None:
                os.killpg(child.pid, signal.SIGTERM)
        for child in children.values():
            try:
                child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(child.pid, signal.SIGKILL)


if __name__ == "__main__":
    sys.exit(main())
