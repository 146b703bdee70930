#!/usr/bin/env python3
"""The unauthenticated denial-of-service probes of issue 19, against one running helyosd.

Usage: dos.py PORT PID WINDOW FLOOD TOKEN — prints one JSON object of figures. Only 127.0.0.1 is contacted; every loop
is bounded in count and time.
"""
import json, random, socket, string, sys, time, urllib.request

PORT, PID = int(sys.argv[1]), int(sys.argv[2])
WINDOW, FLOOD, TOKEN = float(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
AUTH = ("Authorization: Bearer " + TOKEN + "\r\n").encode()
figures = {}


def rss_mb():
    for line in open(f"/proc/{PID}/status"):
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024)


def metrics_size():
    with urllib.request.urlopen(f"http://127.0.0.1:{PORT}/metrics", timeout=10) as r:
        text = r.read()
    return len(text), sum(1 for l in text.splitlines() if l.startswith(b"helyos_http_requests_seconds_count"))


def connect(timeout=5):
    s = socket.create_connection(("127.0.0.1", PORT), timeout=timeout)
    return s


def closed_after(s, limit):
    """Seconds until the server closes s, or None if still open after limit."""
    start = time.time()
    s.settimeout(0.2)
    while time.time() - start < limit:
        try:
            if not s.recv(65536):
                return round(time.time() - start, 1)
        except socket.timeout:
            continue
        except OSError:
            return round(time.time() - start, 1)
    return None


def health(timeout=2):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{PORT}/health", timeout=timeout) as r:
            return r.status
    except Exception:
        return None


# 1. random methods and paths, pipelined on keep-alive connections
size0, series0 = metrics_size()
rss0 = rss_mb()
sent = 0
start = time.time()
while sent < 20000 and time.time() - start < 120:
    s = connect()
    batch = b"".join(
        ("".join(random.choices(string.ascii_uppercase, k=8)) + " /x" + str(random.random())[2:]
         + " HTTP/1.1\r\nHost: x\r\n\r\n").encode() for _ in range(200))
    s.sendall(batch)
    s.settimeout(5)
    got = b""
    try:
        while got.count(b"HTTP/1.1 ") < 200:
            d = s.recv(65536)
            if not d:
                break
            got += d
    except socket.timeout:
        pass
    s.close()
    sent += 200
size1, series1 = metrics_size()
figures["random_methods"] = {"requests": sent, "metrics_bytes_before": size0, "metrics_bytes_after": size1,
                             "series_before": series0, "series_after": series1,
                             "rss_mb_before": rss0, "rss_mb_after": rss_mb()}

# 2. Connection: close honoured?
s = connect()
s.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
figures["connection_close_closed_after_s"] = closed_after(s, 10)

# 3. idle, slowloris (headers never finished), short body: closed within the window?
window = WINDOW
idle = [connect() for _ in range(50)]
slow = [connect() for _ in range(50)]
for s in slow:
    s.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n")
short = connect()
short.sendall(b"POST /api/v1/projects HTTP/1.1\r\nHost: x\r\n" + AUTH + b"Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{")
start = time.time()
# keep the slowloris dripping one header byte a second
open_idle = open_slow = None
while time.time() - start < window:
    for s in slow:
        try:
            s.sendall(b"X")
        except OSError:
            pass
    time.sleep(1)


def still_open(socks):
    n = 0
    for s in socks:
        s.settimeout(0.05)
        try:
            while s.recv(65536):
                pass  # an answer: read on to see whether the connection stays
        except socket.timeout:
            n += 1
        except OSError:
            pass
    return n


figures["after_s"] = window
figures["idle_open_of_50"] = still_open(idle)
figures["slowloris_open_of_50"] = still_open(slow)
figures["short_body_open"] = still_open([short])
for s in idle + slow + [short]:
    s.close()

# 4. chunked body over the limit
s = connect(10)
s.sendall(b"POST /api/v1/projects HTTP/1.1\r\nHost: x\r\n" + AUTH + b"Transfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\n")
chunk = b"x" * 65536
try:
    for _ in range(24):
        s.sendall(b"%x\r\n" % len(chunk) + chunk + b"\r\n")
except OSError:
    pass
try:
    figures["chunked_2mib_status"] = s.recv(100).split(b" ")[1].decode()
except Exception as e:
    figures["chunked_2mib_status"] = "no answer"
s.close()

# 5. more connections than the open-file limit, then closed: does /health come back?
socks = []
for _ in range(FLOOD):
    try:
        socks.append(socket.create_connection(("127.0.0.1", PORT), timeout=2))
    except OSError:
        break
if socks:
    time.sleep(2)
    figures["fd_flood_connections"] = len(socks)
    for s in socks:
        s.close()
    start = time.time()
    back = None
    while time.time() - start < 20:
        if health() == 200:
            back = round(time.time() - start, 1)
            break
        time.sleep(0.2)
    figures["health_back_after_flood_s"] = back
print(json.dumps(figures))
