"""One route change through one node's API, then the first 200 for its domain through each node's proxy.

    python3 route_change.py API_URL TOKEN BODY_JSON DOMAIN HTTP_PORT ADDRESS...

Prints one line per address: the milliseconds from sending the change to that proxy's first 200, or
"timeout" after 30 s. The pollers are threads of this one process (a request every 5 ms each), started
before the change is sent, so no process start is counted.
"""
import http.client
import sys
import threading
import time
import urllib.request

api, token, body, domain, port = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])
addresses = sys.argv[6:]
results = {}
go = threading.Event()
start = [0.0]


def poll(address):
    go.wait()
    deadline = start[0] + 30
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection(address, port, timeout=1)
            conn.request("GET", "/", headers={"Host": domain})
            status = conn.getresponse().status
            conn.close()
            if status == 200:
                results[address] = round((time.monotonic() - start[0]) * 1000)
                return
        except OSError:
            pass
        time.sleep(0.005)
    results[address] = "timeout"


threads = [threading.Thread(target=poll, args=(a,)) for a in addresses]
for t in threads:
    t.start()
request = urllib.request.Request(api + "/routes", data=body.encode(), method="POST",
                                  headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
start[0] = time.monotonic()
go.set()
with urllib.request.urlopen(request) as answer:
    if answer.status != 201:
        sys.exit("the route change answered %d" % answer.status)
for t in threads:
    t.join()
for a in addresses:
    print(results[a])
