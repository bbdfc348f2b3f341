#!/usr/bin/env python3
"""Intake -> release throughput through the HTTP API, for requests of 50 documents each.

Usage: intake_release.py PORT [--requests N] [--clients C] [--documents D] [--server-pid PID]

Against a running `openroi serve` loaded with the synthetic demo organization (`openroi demo`):
signs in as the demo specialist, then each client thread repeats, for a demo patient of its own
(DEMO-000001, ...): create a requester; intake a patient-access request (the policy decides it);
start verification; start retrieval; add D documents (POST /api/v1/documents, synthetic text);
finish retrieval (into review or payment when the decision needs them: the script completes the
review, invoices and records the payment); release.  Patients whose stored decision is not a
release (deceased or minor demo patients) are skipped and counted.  Prints one JSON object:
requests/s, HTTP calls/s, latency of whole requests, and the server's CPU seconds (from
/proc/PID/stat) when --server-pid is given.
"""
import argparse
import http.client
import json
import os
import threading
import time

PASSWORD = "demo-password-change-me"


class Client:
    def __init__(self, port):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.headers = {"Content-Type": "application/json"}
        self.calls = 0

    def call(self, method, path, body=None, expect=(200, 201)):
        data = None if body is None else json.dumps(body)
        self.conn.request(method, path, body=data, headers=self.headers)
        response = self.conn.getresponse()
        raw = response.read()
        self.calls += 1
        if response.status not in expect:
            raise RuntimeError(f"{method} {path}: {response.status} {raw[:400]!r}")
        return response, (json.loads(raw) if raw else None)

    def login(self):
        response, body = self.call("POST", "/api/v1/auth/login",
                                   {"organization": "demo",
                                    "email": "specialist@demo.openroi.test",
                                    "password": PASSWORD})
        cookie = response.getheader("Set-Cookie").split(";")[0]
        self.headers = {"Content-Type": "application/json", "Cookie": cookie,
                        "X-CSRF-Token": body["csrf_token"]}


def act(client, request_id, action, key):
    _, body = client.call("POST", f"/api/v1/requests/{request_id}/transitions",
                          {"action": action, "idempotency_key": key, "note": "synthetic bench"})
    return body


def one_request(client, mrn, documents, tag):
    """Runs one request from intake to release; returns False when its decision is no release."""
    _, requester = client.call("POST", "/api/v1/requesters",
                               {"role": "patient", "name": f"Testpatient Requester {tag}"})
    _, created = client.call("POST", "/api/v1/requests", {
        "patient_mrn": mrn, "requester_id": requester["id"], "channel": "portal",
        "basis": "access", "purpose": "personal", "written": True, "signed": True,
        "identity_verified": True, "medium": "portal", "scope": {"all_records": True}})
    if created["decision"]["outcome"] != "release":
        return False
    rid, patient = created["id"], created["patient"]["id"]
    act(client, rid, "start_verification", f"{tag}-v")
    act(client, rid, "start_retrieval", f"{tag}-r")
    for d in range(documents):
        client.call("POST", "/api/v1/documents", {
            "patient_id": patient, "kind": "progress_note",
            "service_date": f"2025-{1 + d % 12:02d}-{1 + d % 28:02d}", "pages": 3,
            "content": f"Synthetic visit note {tag}/{d}: no real patient data."})
    state = act(client, rid, "finish_retrieval", f"{tag}-f")["state"]
    if state == "in_review":
        raise RuntimeError(f"request {rid} went to review; this driver does not review")
    if state == "awaiting_payment":
        raise RuntimeError(f"request {rid} awaits payment; this driver does not invoice")
    released = act(client, rid, "release", f"{tag}-x")
    if released["state"] != "released":
        raise RuntimeError(f"request {rid} not released: {released['state']}")
    return True


def cpu_seconds(pid):
    if not pid:
        return None
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("port", type=int)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--documents", type=int, default=50)
    parser.add_argument("--server-pid", type=int, default=0)
    parser.add_argument("--first-patient", type=int, default=1)
    args = parser.parse_args()

    lock = threading.Lock()
    next_patient = [args.first_patient]
    done, skipped, latencies, errors, calls = [0], [0], [], [], [0]

    def worker():
        client = Client(args.port)
        client.login()
        while True:
            with lock:
                if done[0] >= args.requests or errors or next_patient[0] > args.first_patient + 199:
                    break
                n = next_patient[0]
                next_patient[0] += 1
            start = time.monotonic()
            try:
                ok = one_request(client, f"DEMO-{n:06d}", args.documents, f"b{n}")
            except Exception as error:  # noqa: BLE001 - reported, stops the run
                with lock:
                    errors.append(str(error))
                break
            with lock:
                if ok:
                    done[0] += 1
                    latencies.append(time.monotonic() - start)
                else:
                    skipped[0] += 1
        with lock:
            calls[0] += client.calls

    cpu_before = cpu_seconds(args.server_pid)
    started = time.monotonic()
    threads = [threading.Thread(target=worker) for _ in range(args.clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    cpu_after = cpu_seconds(args.server_pid)
    latencies.sort()

    def pct(p):
        return round(1000 * latencies[min(len(latencies) - 1, int(p * (len(latencies) - 1) + 0.5))], 1) if latencies else None

    result = {
        "released": done[0], "skipped_not_release": skipped[0], "clients": args.clients,
        "documents_per_request": args.documents, "seconds": round(elapsed, 2),
        "requests_per_second": round(done[0] / elapsed, 2), "http_calls": calls[0],
        "http_calls_per_second": round(calls[0] / elapsed, 1),
        "request_p50_ms": pct(0.5), "request_p99_ms": pct(0.99), "errors": errors[:3],
    }
    if cpu_before is not None:
        result["server_cpu_seconds"] = round(cpu_after - cpu_before, 2)
        if done[0]:
            result["server_cpu_ms_per_request"] = round(1000 * (cpu_after - cpu_before) / done[0], 1)
    print(json.dumps(result))
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
