#!/usr/bin/env python3
"""Runs every template for real, end to end, against stand-ins on 127.0.0.1.

Why: check.py proves a template is well formed; only a run proves its expressions, conditions and node
references work on the data the outside world sends back. This script deploys each template with the app's own
deploy (`neuroflow template deploy`: placeholders replaced by real integration and agent ids, variables filled,
base URLs pointed here), runs it with the real CLI from its sample input, and checks which steps ran. The stand-ins are small but real
servers: an OpenAI-compatible model endpoint that answers each JSON schema, Slack's chat.postMessage, Gmail's
send API and token endpoint, an SMTP server, a signed-webhook receiver, and the CRM/MLS/comps/AVM/SMS APIs with
the JSON each template's note documents (standins/answers.json is the reference for that contract).

Usage: python3 templates/smoke.py [path/to/neuroflow-cli] [slug ...]   (default CLI: target/debug/neuroflow)
SMOKE_VERBOSE=1 also prints every request the stand-ins received (prompts, messages, API calls).
Exit status 0 when every scenario ran as expected. Python 3 standard library only. Each template is deployed with
`neuroflow template deploy` (choices as options) and run with `neuroflow run --max-delay-ms 0`, which cuts every
wait of the run (speed-to-lead waits 5 minutes in production) without editing the workflow.
"""

import base64
import copy
import email
import json
import os
import re
import socketserver
import subprocess
import sys
import tempfile
import threading
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
PASSPHRASE = "smoke-test-only"

# --- what the outside systems answer, per template: (method, base-URL variable, path regex, JSON), and what the
# model answers by field name where a schema alone would not drive the run down a real path. They live in
# standins/answers.json, which the Rust deploy-and-run test of every template (crates/app/tests) reads too.
with open(os.path.join(HERE, "standins", "answers.json")) as _f:
    _ANSWERS = json.load(_f)
RESPONSES = {slug: [tuple(r) for r in t["http"]] for slug, t in _ANSWERS["templates"].items()}
LLM = _ANSWERS["llm"]


# Scenarios: (name, changes to the sample input, changes to the HTTP answers, changes to the model's answers,
# steps that must finish, steps that must not run).
def set_path(obj, path, value):
    keys = path.split(".")
    for k in keys[:-1]:
        obj = obj[k]
    obj[keys[-1]] = value


SCENARIOS = {
    "speed-to-lead": [
        ("hot lead with SMS consent, unclaimed", {}, {}, {},
         ["upsert", "qualify", "firstReply", "alert", "wait", "claimCheck", "escalate", "textLead"], ["returning"]),
        ("no SMS consent, claimed in time", {"body.smsConsent": False},
         {("GET", "crmBaseUrl", r"/leads/L-1001"): {"claimed": True, "owner": "Casey"}}, {},
         ["firstReply", "claimCheck"], ["textLead", "escalate"]),
        ("returning lead", {}, {("POST", "crmBaseUrl", r"/leads"): {"leadId": "L-0999", "created": False}}, {},
         ["returning"], ["qualify", "firstReply", "textLead"]),
    ],
    "lead-scoring-routing": [
        ("hot lead", {}, {}, {}, ["score", "assign", "pingAgent", "emailAgent"], ["nurture", "hold"]),
        ("warm lead", {}, {}, {"score": 50, "grade": "B"}, ["nurture"], ["assign", "hold"]),
        ("cold lead", {}, {}, {"score": 10, "grade": "C"}, ["hold"], ["assign", "nurture"]),
    ],
    "nurture-drip": [
        ("touch due", {}, {}, {}, ["listings", "draft", "send", "logTouch"], ["stop"]),
        ("lead replied", {}, {("GET", "crmBaseUrl", r"/nurture/due"): "replied"}, {}, ["stop", "tellAgent"],
         ["draft", "send"]),
        ("nobody due", {}, {("GET", "crmBaseUrl", r"/nurture/due"): {"leads": []}}, {}, ["anyDue"],
         ["replied", "send"]),
        ("listing search down", {}, {("GET", "mlsBaseUrl", r"/listings/search"): 503}, {}, ["draft", "send"], []),
    ],
    "open-house-follow-up": [
        ("unrepresented hot visitor", {}, {}, {}, ["thankYou", "sendThanks", "enroll", "hotAlert", "visitorLog"],
         ["courtesy"]),
        ("visitor with an agent", {"body.hasAgent": True}, {}, {}, ["courtesy", "visitorLog"],
         ["thankYou", "enroll"]),
    ],
    "listing-description-writer": [
        ("copy passes", {}, {}, {}, ["write", "fairHousingReview", "askApproval"], ["needsEdits"]),
        ("copy flagged", {}, {}, {"verdict": "revise", "issues": [
            {"phrase": "perfect for families", "reason": "familial status", "suggestion": "spacious"}]},
         ["needsEdits"], ["askApproval"]),
    ],
    "listing-announcements": [
        ("drafts pass", {}, {}, {}, ["draft", "fairHousingReview", "saveDraft", "askApproval"], ["flagged"]),
        ("drafts flagged", {}, {}, {"verdict": "revise"}, ["flagged"], ["saveDraft", "askApproval"]),
        ("event not announced", {"body.event": "withdrawn"}, {}, {}, ["known"], ["draft"]),
    ],
    "publish-approved": [
        ("pending draft", {}, {}, {}, ["fetchDraft", "sendEmail", "postSocial", "markPublished", "confirm"],
         ["already"]),
        ("already published", {}, {("GET", "crmBaseUrl", r"/drafts/D-3107"): "published"}, {}, ["already"],
         ["sendEmail", "postSocial", "markPublished"]),
        ("not approved", {"approved": False}, {}, {}, ["isApproved"], ["fetchDraft"]),
    ],
    "showing-confirmation": [
        ("occupied, seller consented", {}, {}, {},
         ["calendar", "confirmAgent", "notifySeller", "textSeller", "notifyOccupant", "log"], []),
        ("no consent, owner-occupied", {"body.smsConsent": False, "body.occupied": False}, {}, {},
         ["notifySeller"], ["textSeller", "notifyOccupant"]),
    ],
    "showing-feedback-request": [
        ("first request", {}, {}, {}, ["firstAsk", "markAsked"], ["chase"]),
        ("second request", {}, {("GET", "crmBaseUrl", r"/showings/feedback-due"): "attempt2"}, {},
         ["chase", "markAsked"], ["firstAsk"]),
    ],
    "weekly-seller-report": [
        ("price pushback", {}, {}, {}, ["summarize", "send", "record", "warnAgent"], []),
        ("no pushback", {}, {}, {"priceHighCount": 0}, ["send", "record"], ["warnAgent"]),
    ],
    "where-is-my-deal": [("deal due", {}, {}, {}, ["write", "send", "record"], [])],
    "post-close-care": [
        ("happy client, closing day", {}, {}, {}, ["draft", "send", "giftTask", "done"], ["pause"]),
        ("unhappy client", {}, {}, {"sentiment": "negative"}, ["pause", "callThem"], ["send", "done"]),
    ],
    "home-anniversary": [
        ("with estimate", {}, {}, {}, ["avm", "write", "send", "record", "fyi"], []),
        ("AVM down", {}, {("GET", "avmBaseUrl", r"/value"): 502}, {}, ["write", "send"], []),
    ],
    "buyer-listing-matches": [
        ("strong match", {}, {}, {}, ["fresh", "pick", "good", "saveDraft", "preview", "markChecked"], []),
        ("only weak matches", {}, {}, {"picks": [{"mlsNumber": "1598301", "fitScore": 40, "why": "1 bath"}]},
         ["markChecked"], ["saveDraft", "preview"]),
    ],
    "cma-home-value": [
        ("sound range", {}, {}, {}, ["ack", "stats", "estimate", "saveDraft", "review"], ["byHand", "strays"]),
        ("range strays", {}, {}, {"low": 700000, "high": 760000}, ["strays"], ["saveDraft", "review"]),
        ("too few comps", {}, {("GET", "compsBaseUrl", r"/comps"): {"comps": []}}, {}, ["byHand"], ["estimate"]),
    ],
    "contract-to-close": [
        ("clear dates", {}, {}, {}, ["extract", "save", "keyDates", "tcSummary"], ["check"]),
        ("unclear dates", {}, {}, {"missing": ["financing date is blank"]}, ["check"], ["save", "keyDates"]),
    ],
    "after-hours-triage": [
        ("7:42 pm with consent", {}, {}, {}, ["classify", "onCall", "textBack", "emailBack"], []),
        ("11:10 pm: quiet hours", {"body.calledAt": "2026-12-05T23:10:00-05:00"}, {}, {}, ["onCall", "emailBack"],
         ["textBack"]),
        ("spam", {}, {}, {"intent": "spam"}, ["classify"], ["onCall", "textBack", "emailBack"]),
    ],
    "expired-fsbo-call-sheet": [
        ("prospects found", {}, {}, {}, ["merge", "scripts", "sheet", "post", "email", "log"], ["none"]),
    ],
    "agent-morning-brief": [("target missed", {}, {}, {}, ["metrics", "brief", "postBrief", "digest", "alertBroker"], [])],
    "monthly-market-report": [
        ("report passes", {}, {}, {}, ["write", "fairHousingReview", "send", "copy"], ["held"]),
        ("report held", {}, {}, {"verdict": "revise"}, ["held"], ["send"]),
    ],
}
VARIANTS = {  # named HTTP answers used by scenarios above
    "replied": lambda base: {"leads": [dict(base["leads"][0], replied=True, lastMessage="Can we talk Friday?")]},
    "published": lambda base: dict(base, status="published"),
    "attempt2": lambda base: {"showings": [dict(base["showings"][0], attempt=2)]},
}


# --- the stand-in servers ----------------------------------------------------------------------------------------
class World:
    """Everything the stand-ins answer and record for the current scenario."""

    def __init__(self):
        self.lock = threading.Lock()
        self.reset("", {}, {})

    def reset(self, slug, http_changes, llm_changes):
        with self.lock:
            self.slug = slug
            self.calls = []
            self.mails = []
            answers = []
            for method, var, path, body in RESPONSES.get(slug, []):
                change = http_changes.get((method, var, path), None)
                if isinstance(change, str):
                    body = VARIANTS[change](body)
                elif change is not None:
                    body = change
                answers.append((method, var, path, body))
            self.answers = answers
            self.llm = {**LLM["*"], **LLM.get(slug, {}), **llm_changes}

    def record(self, what):
        with self.lock:
            self.calls.append(what)


WORLD = World()


def example_for(schema, name, llm):
    if name in llm:
        return llm[name]
    kind = schema.get("type")
    if "enum" in schema:
        return schema["enum"][0]
    if kind == "object":
        return {k: example_for(v, k, llm) for k, v in (schema.get("properties") or {}).items()}
    if kind == "array":
        return [example_for(schema.get("items") or {}, name, {})]
    if kind == "integer":
        return max(schema.get("minimum", 0), min(schema.get("maximum", 80), 80))
    if kind == "number":
        return 1.5
    if kind == "boolean":
        return True
    return f"Sample {name}"


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def reply(self, status, body, content_type="application/json"):
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("content-type", content_type)
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def read_body(self):
        n = int(self.headers.get("content-length") or 0)
        raw = self.rfile.read(n) if n else b""
        try:
            return json.loads(raw) if raw else None
        except ValueError:
            return raw.decode(errors="replace")

    def do_GET(self):
        self.route("GET")

    def do_POST(self):
        self.route("POST")

    def do_PATCH(self):
        self.route("PATCH")

    def do_PUT(self):
        self.route("PUT")

    def route(self, method):
        path, _, query = self.path.partition("?")
        body = self.read_body()
        if path == "/v1/chat/completions":
            return self.llm(body)
        if path == "/slack/chat.postMessage":
            WORLD.record(("slack", body.get("channel"), body.get("text")))
            return self.reply(200, {"ok": True, "channel": "C0SMOKE", "ts": "1764400000.000100"})
        if path == "/oauth/token":
            return self.reply(200, {"access_token": "ya29.smoke", "refresh_token": "1//smoke", "expires_in": 3600,
                                    "token_type": "Bearer"})
        if path == "/gmail/gmail/v1/users/me/profile":
            return self.reply(200, {"emailAddress": "office@harborrealty.example"})
        if path == "/gmail/gmail/v1/users/me/messages/send":
            raw = base64.urlsafe_b64decode(body["raw"] + "=" * (-len(body["raw"]) % 4))
            msg = email.message_from_bytes(raw)
            WORLD.record(("gmail", msg["To"], msg["Subject"]))
            return self.reply(200, {"id": "gm-1", "threadId": "th-1"})
        if path == "/hook":
            signed = self.headers.get("X-NeuroFlow-Signature", "").startswith("sha256=")
            WORLD.record(("webhook", "signed" if signed else "UNSIGNED", body))
            return self.reply(200 if signed else 401, {"received": signed})
        m = re.match(r"^/api/([A-Za-z_]\w*)(/.*)?$", path)
        if m:
            var, rest = m.group(1), m.group(2) or "/"
            if not self.headers.get("Authorization", "").startswith("Bearer "):
                WORLD.record(("http", method, var + rest, "NO CREDENTIALS"))
                return self.reply(401, {"error": "no credentials"})
            WORLD.record(("http", method, var + rest, body if body is not None else query))
            for a_method, a_var, a_path, answer in WORLD.answers:
                if a_method == method and a_var == var and re.fullmatch(a_path, rest):
                    if isinstance(answer, int):
                        return self.reply(answer, {"error": "unavailable"})
                    return self.reply(200, answer)
            return self.reply(404, {"error": f"no stand-in answer for {method} {var}{rest}"})
        self.reply(404, {"error": f"no route {method} {path}"})

    def llm(self, request):
        messages = request.get("messages") or []
        WORLD.record(("llm", messages[-1].get("content", "") if messages else ""))
        rf = request.get("response_format") or {}
        schema = (rf.get("json_schema") or {}).get("schema")
        if schema:
            text = json.dumps(example_for(schema, "", WORLD.llm))
        else:
            text = "Good morning team! <@U024BE7LH>: call Sam Ortiz first, inspection on 12 Pine Street in 2 days."
        usage = {"prompt_tokens": 400, "completion_tokens": 120, "total_tokens": 520}
        if not request.get("stream"):
            return self.reply(200, {"id": "smoke", "object": "chat.completion", "model": request.get("model"),
                                    "choices": [{"index": 0, "message": {"role": "assistant", "content": text},
                                                 "finish_reason": "stop"}], "usage": usage})
        chunks = [{"choices": [{"index": 0, "delta": {"content": text}, "finish_reason": None}]},
                  {"choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]},
                  {"choices": [], "usage": usage}]
        data = b"".join(b"data: " + json.dumps(dict(c, id="smoke", object="chat.completion.chunk",
                                                     model=request.get("model"))).encode() + b"\n\n" for c in chunks)
        self.reply(200, data + b"data: [DONE]\n\n", "text/event-stream")


class SMTPHandler(socketserver.StreamRequestHandler):
    """Just enough SMTP (no TLS, no auth) to accept a message and record its recipients."""

    def handle(self):
        say = lambda text: self.wfile.write(text.encode() + b"\r\n")
        say("220 smoke ESMTP")
        rcpt, lines, in_data = [], [], False
        while True:
            line = self.rfile.readline()
            if not line:
                return
            if in_data:
                if line.rstrip(b"\r\n") == b".":
                    in_data = False
                    msg = email.message_from_bytes(b"".join(lines))
                    WORLD.record(("smtp", ",".join(rcpt), msg["Subject"]))
                    say("250 queued")
                else:
                    lines.append(line)
                continue
            cmd = line.decode(errors="replace").strip()
            upper = cmd.upper()
            if upper.startswith("EHLO"):
                say("250-smoke")
                say("250 8BITMIME")
            elif upper.startswith("HELO") or upper.startswith("MAIL") or upper.startswith("RSET") or upper == "NOOP":
                say("250 ok")
            elif upper.startswith("RCPT"):
                rcpt.append(cmd.split(":", 1)[1].strip(" <>"))
                say("250 ok")
            elif upper == "DATA":
                in_data, lines = True, []
                say("354 go on")
            elif upper == "QUIT":
                say("221 bye")
                return
            else:
                say("502 not implemented")


# --- deploying and running -------------------------------------------------------------------------------------
class Cli:
    def __init__(self, path, data_dir):
        self.path, self.data_dir = path, data_dir
        self.env = dict(os.environ, NEUROFLOW_VAULT_PASSPHRASE=PASSPHRASE)

    def __call__(self, *args, stdin=None, check=True):
        proc = subprocess.run([self.path, "--data-dir", self.data_dir, *args], input=stdin, capture_output=True,
                              text=True, env=self.env, timeout=180)
        if check and proc.returncode != 0:
            raise RuntimeError(f"neuroflow {' '.join(args[:3])}: {proc.stderr.strip() or proc.stdout.strip()}")
        return proc.stdout

    def json(self, *args, stdin=None):
        return json.loads(self("--json", *args, stdin=stdin))


def sign_in(cli, integration_id):
    """Google's loopback sign-in, with the stand-in as Google: the CLI prints the consent address, we play the
    browser coming back to its redirect address with a code, and it trades the code at the token endpoint."""
    proc = subprocess.Popen([cli.path, "--data-dir", cli.data_dir, "integration", "sign-in", integration_id,
                             "--no-browser"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=cli.env)
    seen = []
    try:
        for line in proc.stdout:
            seen.append(line)
            m = re.search(r"https?://\S+", line)
            if not m or "/oauth/auth" not in m.group(0):
                continue
            q = urllib.parse.parse_qs(urllib.parse.urlparse(m.group(0)).query)
            back = q["redirect_uri"][0] + "?" + urllib.parse.urlencode({"code": "smoke-code", "state": q["state"][0]})
            urllib.request.urlopen(back, timeout=10).read()
            break
        rest, _ = proc.communicate(timeout=30)
        seen.append(rest or "")
    finally:
        if proc.poll() is None:
            proc.kill()
    if proc.returncode != 0:
        raise RuntimeError("Gmail sign-in failed: " + "".join(seen).strip()[-400:])


def deploy(cli, t, base, smtp_port):
    """Deploys the template the way a script does, with `neuroflow template deploy` and every choice as an
    option: the integrations made here, new agents from the template's suggestions, every variable at its example
    with the base URLs pointed at the stand-ins. Returns the workflow's id and its trigger node."""
    choices = []
    for it in t["requires"]["integrations"]:
        provider, key = it["provider"], it["key"]
        config, secret = {
            "SLACK": ({"mode": "bot", "baseUrl": f"{base}/slack"}, "xoxb-smoke"),
            "GMAIL": ({"clientId": "smoke.apps.googleusercontent.com", "authUrl": f"{base}/oauth/auth",
                       "tokenUrl": f"{base}/oauth/token", "apiBaseUrl": f"{base}/gmail"}, "smoke-client-secret"),
            "SMTP": ({"host": "127.0.0.1", "port": smtp_port, "security": "none",
                      "from": "Harbor Realty <office@harborrealty.example>"}, None),
            "WEBHOOK": ({"url": f"{base}/hook"}, "whsec-smoke"),
            "HTTP": ({"auth": "bearer"}, "smoke-api-token"),
        }[provider]
        name = f"{t['slug']}-{key}"
        args = ["integration", "create", provider.lower(), name, "--config", json.dumps(config)]
        if secret is not None:
            args.append("--secret")
        integration = cli.json(*args, stdin=secret)["id"]
        if provider == "GMAIL":
            sign_in(cli, integration)
        choices += ["--integration", f"{key}={integration}"]
    variables = {v["name"]: (f"{base}/api/{v['name']}" if v["name"].endswith("BaseUrl") else v["example"])
                 for v in t["requires"]["variables"]}
    for a in t["requires"]["agents"]:
        choices += ["--agent", f"{a['key']}=new:{t['slug']}-{a['key']}"]
    deployed = cli.json("template", "deploy", t["slug"], "--name", t["slug"], "--vars-json", json.dumps(variables),
                        *choices)
    workflow = deployed["workflow"]
    trigger = next(n["id"] for n in workflow["nodes"] if n["type"] == "trigger")
    return workflow["id"], trigger


def run_scenario(cli, t, deployed, scenario, tmp):
    name, input_changes, http_changes, llm_changes, must_run, must_not = scenario
    WORLD.reset(t["slug"], http_changes, llm_changes)
    sample = copy.deepcopy(t["sampleInput"])
    for path, value in input_changes.items():
        set_path(sample, path, value)
    workflow, trigger = deployed
    # Waits are cut to nothing by the documented test option (speed-to-lead waits 5 minutes in production).
    out = cli("--json", "run", workflow, "--input", json.dumps(sample), "--trigger", trigger, "--max-delay-ms", "0",
              check=False)
    finished, failed, status, error = set(), {}, None, None
    for line in out.splitlines():
        try:
            ev = json.loads(line)
        except ValueError:
            continue
        if ev.get("type") == "nodeFinished":
            finished.add(ev["nodeId"])
        elif ev.get("type") == "nodeFailed":
            failed[ev["nodeId"]] = ev.get("error") or ev.get("message")
        elif ev.get("type") == "executionFinished":
            status, error = ev.get("status"), ev.get("error")
    problems = []
    if status != "COMPLETED":
        problems.append(f"run ended {status}: {error or out[-400:]}")
    expect_failures = {k for k, v in http_changes.items() if isinstance(v, int)}
    for nid, why in failed.items():
        if not expect_failures:
            problems.append(f"step '{nid}' failed: {why}")
    for nid in must_run:
        if nid not in finished:
            problems.append(f"step '{nid}' did not finish")
    for nid in must_not:
        if nid in finished:
            problems.append(f"step '{nid}' ran but must not")
    for call in WORLD.calls:
        if call[0] == "http" and call[3] == "NO CREDENTIALS":
            problems.append(f"{call[1]} {call[2]} was sent without the integration's credentials")
        if call[0] == "webhook" and call[1] != "signed":
            problems.append("the webhook call was not signed")
    return name, problems, list(WORLD.calls), len(finished)


def main(argv):
    args = argv[1:]
    cli_arg = args.pop(0) if args and not re.fullmatch(r"[a-z0-9-]+", args[0]) else "target/debug/neuroflow"
    only = set(args)
    cli_path = next((p for p in (cli_arg, os.path.join(ROOT, cli_arg)) if os.path.isfile(p)), None)
    if not cli_path:
        print(f"'{cli_arg}' is not a NeuroFlow CLI (build it, or pass its path)")
        return 1
    cli_path = os.path.abspath(cli_path)
    templates = {}
    for name in sorted(os.listdir(HERE)):
        if name.endswith(".json") and (not only or name[:-5] in only):
            with open(os.path.join(HERE, name)) as f:
                templates[name[:-5]] = json.load(f)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    smtpd = socketserver.ThreadingTCPServer(("127.0.0.1", 0), SMTPHandler)
    for server in (httpd, smtpd):
        threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    failures, count = 0, 0
    with tempfile.TemporaryDirectory(prefix="nf-smoke-") as tmp:
        cli = Cli(cli_path, os.path.join(tmp, "data"))
        cli("org", "create", "Smoke Realty")
        cli("vault", "use", "encrypted-file")
        cli("provider", "set", "openai", "--base-url", f"{base}/v1", "--key", stdin="sk-smoke")
        for slug, t in templates.items():
            if slug not in SCENARIOS:
                print(f"FAIL {slug}: no smoke scenario")
                failures += 1
                count += 1
                continue
            try:
                deployed = deploy(cli, t, base, smtpd.server_address[1])
            except RuntimeError as e:
                print(f"FAIL {slug}: deploy: {e}")
                failures += len(SCENARIOS[slug])
                count += len(SCENARIOS[slug])
                continue
            for scenario in SCENARIOS[slug]:
                count += 1
                name, problems, calls, steps = run_scenario(cli, t, deployed, scenario, tmp)
                kinds = {}
                for c in calls:
                    kinds[c[0]] = kinds.get(c[0], 0) + 1
                summary = ", ".join(f"{k} {v}" for k, v in sorted(kinds.items()))
                if problems:
                    failures += 1
                    print(f"FAIL {slug} / {name}: " + "; ".join(problems))
                else:
                    print(f"ok   {slug} / {name}: {steps} steps; {summary}")
                if os.environ.get("SMOKE_VERBOSE"):
                    for c in calls:
                        print("       ", json.dumps(c)[:1500])
    httpd.shutdown()
    smtpd.shutdown()
    print(f"{'FAILED' if failures else 'OK'}: {count - failures}/{count} scenarios passed in {len(templates)} templates")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
