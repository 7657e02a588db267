#!/usr/bin/env python3
"""Checks the built-in template library (templates/*.json) before it ships.

Why: a template is deployed into someone's organization with one click, so a broken one fails in front of a
broker, and a careless one can text a person without consent or publish copy that breaks fair-housing law.
This checker is the gate: it reads every manifest (docs/templates.md describes the format), checks the fields,
the placeholders against `requires`, the variables and sample input the document reads, the node references,
the compliance rules, the library's coverage, and finally has the real CLI validate each document.

Usage: python3 templates/check.py [path/to/neuroflow-cli]   (default: target/debug/neuroflow)
Exit status 0 when every check passes; 1 with one line per problem, each naming the template and the field.
Python 3 standard library only.
"""

import json
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

CATEGORIES = ["SALES", "SUPPORT", "MARKETING", "DATA_PROCESSING", "AUTOMATION", "ANALYTICS", "CONTENT", "COMMUNICATION"]
DIFFICULTIES = ["BEGINNER", "INTERMEDIATE", "ADVANCED", "EXPERT"]
PROVIDERS = ["SLACK", "GMAIL", "SMTP", "WEBHOOK", "HTTP"]
ICONS = ["bolt", "mail", "chart", "home", "calendar", "star", "key", "megaphone", "clock", "phone", "search",
         "clipboard", "gift", "sun"]
NODE_TYPES = ["trigger", "aiAgent", "agentTeam", "integration", "condition", "transform", "delay", "subWorkflow", "note"]
# The provider each action needs (crates/integrations/src/actions.rs).
ACTION_PROVIDER = {"slack.postMessage": "SLACK", "gmail.send": "GMAIL", "email.send": "SMTP",
                   "webhook.send": "WEBHOOK", "http.request": "HTTP"}
TOP_KEYS = ["template", "slug", "version", "name", "description", "category", "difficulty", "setupMinutes", "icon",
            "tags", "featured", "requires", "sampleInput", "estimate", "compliance", "document"]
# Words every agent's instructions (and every agent node's system text) must carry: the federal protected classes,
# and the rule against inventing property facts.
FAIR_HOUSING_TERMS = ["race", "color", "religion", "national origin", "sex", "familial status", "disability", "invent"]
# Templates whose published copy must pass the fair-housing review step (agent `fairHousingReview` + a condition
# on its verdict); any other template that has such a node is held to the same rule.
REVIEW_REQUIRED = {"listing-description-writer"}
SMS_KEY = "sms"  # by convention, the HTTP integration of an SMS gateway; see docs/templates.md
MIN_TEMPLATES = 18

IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
SEMVER = re.compile(r"^\d+\.\d+\.\d+$")
APP_REQ = re.compile(r"^>=\d+\.\d+\.\d+$")
PLACEHOLDER = re.compile(r"\$(integration|agent|team):([A-Za-z0-9_-]*)")
VAR_USE = re.compile(r"(?<![\w.])vars(?:\.([A-Za-z_]\w*)|\[\s*['\"]([^'\"]+)['\"]\s*\])")
INPUT_USE = re.compile(r"(?<![\w.])input((?:\.[A-Za-z_]\w*)+)")
NODE_USE = re.compile(r"(?<![\w.])nodes(?:\.([A-Za-z_]\w*)|\[\s*['\"]([^'\"]+)['\"]\s*\])((?:\.[A-Za-z_]\w*)*)")


class Report:
    def __init__(self):
        self.problems = []

    def add(self, slug, field, message):
        self.problems.append(f"{slug}: {field}: {message}")


def strings(value, path=""):
    """Every string inside a JSON value, with its path."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from strings(v, f"{path}[{i}]")
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from strings(v, f"{path}.{k}" if path else k)


def is_int(v):
    return isinstance(v, int) and not isinstance(v, bool)


def is_num(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def nonempty_str(v):
    return isinstance(v, str) and v.strip() != ""


# --- the manifest ----------------------------------------------------------------------------------------------

def check_manifest(slug, t, r):
    for k in t:
        if k not in TOP_KEYS:
            r.add(slug, k, "is not a manifest field (typo?)")
    for k in TOP_KEYS:
        if k not in t:
            r.add(slug, k, "is missing")
    if t.get("template") != 1:
        r.add(slug, "template", f"must be 1, not {t.get('template')!r}")
    if not (isinstance(t.get("slug"), str) and SLUG.match(t["slug"])):
        r.add(slug, "slug", "must be lower-case words joined by '-'")
    elif t["slug"] != slug:
        r.add(slug, "slug", f"'{t['slug']}' does not match the file name '{slug}.json'")
    if not (isinstance(t.get("version"), str) and SEMVER.match(t["version"])):
        r.add(slug, "version", "must be a semantic version like 1.0.0")
    if not nonempty_str(t.get("name")) or len(t.get("name", "")) > 90:
        r.add(slug, "name", "must be a non-empty string of at most 90 characters")
    if not nonempty_str(t.get("description")) or len(t.get("description", "")) > 700:
        r.add(slug, "description", "must be a non-empty string of at most 700 characters")
    if t.get("category") not in CATEGORIES:
        r.add(slug, "category", f"{t.get('category')!r} is not one of {', '.join(CATEGORIES)}")
    if t.get("difficulty") not in DIFFICULTIES:
        r.add(slug, "difficulty", f"{t.get('difficulty')!r} is not one of {', '.join(DIFFICULTIES)}")
    if not (is_int(t.get("setupMinutes")) and 1 <= t["setupMinutes"] <= 240):
        r.add(slug, "setupMinutes", "must be a whole number of minutes from 1 to 240")
    if t.get("icon") not in ICONS:
        r.add(slug, "icon", f"{t.get('icon')!r} is not one of {', '.join(ICONS)}")
    tags = t.get("tags")
    if not (isinstance(tags, list) and tags and all(isinstance(x, str) and SLUG.match(x) for x in tags)):
        r.add(slug, "tags", "must be a non-empty list of lower-case words joined by '-'")
    elif len(set(tags)) != len(tags):
        r.add(slug, "tags", "has duplicates")
    if not isinstance(t.get("featured"), bool):
        r.add(slug, "featured", "must be true or false")
    check_requires(slug, t.get("requires"), r)
    if not isinstance(t.get("sampleInput"), dict):
        r.add(slug, "sampleInput", "must be an object: the input of a test run")
    est = t.get("estimate")
    if not isinstance(est, dict):
        r.add(slug, "estimate", "must be an object {tokensPerRun, usdPerRun, note}")
    else:
        if not (is_int(est.get("tokensPerRun")) and est["tokensPerRun"] >= 0):
            r.add(slug, "estimate.tokensPerRun", "must be a whole number >= 0")
        if not (is_num(est.get("usdPerRun")) and est["usdPerRun"] >= 0):
            r.add(slug, "estimate.usdPerRun", "must be a number >= 0")
        if not nonempty_str(est.get("note")):
            r.add(slug, "estimate.note", "must say what the estimate assumes")
        agents = (t.get("requires") or {}).get("agents") or []
        if is_int(est.get("tokensPerRun")) and bool(agents) != (est["tokensPerRun"] > 0):
            r.add(slug, "estimate.tokensPerRun", "must be > 0 exactly when the template uses agents")
    comp = t.get("compliance")
    if not isinstance(comp, dict):
        r.add(slug, "compliance", "must be an object {fairHousing, textsPeople, consentField}")
    else:
        for k in comp:
            if k not in ("fairHousing", "textsPeople", "consentField"):
                r.add(slug, f"compliance.{k}", "is not a compliance field")
        if comp.get("fairHousing") is not True:
            r.add(slug, "compliance.fairHousing", "must be true: every shipped template follows the fair-housing rules")
        if not isinstance(comp.get("textsPeople"), bool):
            r.add(slug, "compliance.textsPeople", "must be true or false")
        cf = comp.get("consentField", "missing")
        if comp.get("textsPeople") is True:
            if not (isinstance(cf, str) and cf.startswith("input.")):
                r.add(slug, "compliance.consentField", "must name the input field holding SMS consent (input.…)")
        elif cf is not None:
            r.add(slug, "compliance.consentField", "must be null when the template texts nobody")


def check_requires(slug, req, r):
    if not isinstance(req, dict):
        r.add(slug, "requires", "must be an object")
        return
    for k in req:
        if k not in ("app", "format", "integrations", "agents", "teams", "variables"):
            r.add(slug, f"requires.{k}", "is not a requires field")
    if not (isinstance(req.get("app"), str) and APP_REQ.match(req["app"])):
        r.add(slug, "requires.app", "must be a minimum version like '>=0.1.0'")
    if req.get("format") != 1:
        r.add(slug, "requires.format", "must be 1 (the workflow document format)")
    for kind in ("integrations", "agents", "variables"):
        if not isinstance(req.get(kind), list):
            r.add(slug, f"requires.{kind}", "must be a list (empty when none)")
    keys = set()
    for i, it in enumerate(req.get("integrations") or []):
        f = f"requires.integrations[{i}]"
        if not isinstance(it, dict):
            r.add(slug, f, "must be an object {key, provider, purpose}")
            continue
        if not (isinstance(it.get("key"), str) and IDENT.match(it["key"])):
            r.add(slug, f + ".key", "must be an identifier")
        elif it["key"] in keys:
            r.add(slug, f + ".key", f"'{it['key']}' is declared twice")
        keys.add(it.get("key"))
        if it.get("provider") not in PROVIDERS:
            r.add(slug, f + ".provider", f"{it.get('provider')!r} is not one of {', '.join(PROVIDERS)}")
        if not nonempty_str(it.get("purpose")):
            r.add(slug, f + ".purpose", "must say what the integration is used for")
    keys = set()
    for i, a in enumerate(req.get("agents") or []):
        f = f"requires.agents[{i}]"
        if not isinstance(a, dict):
            r.add(slug, f, "must be an object {key, role, description, suggested}")
            continue
        if not (isinstance(a.get("key"), str) and IDENT.match(a["key"])):
            r.add(slug, f + ".key", "must be an identifier")
        elif a["key"] in keys:
            r.add(slug, f + ".key", f"'{a['key']}' is declared twice")
        keys.add(a.get("key"))
        for k in ("role", "description"):
            if not nonempty_str(a.get(k)):
                r.add(slug, f"{f}.{k}", "must be a non-empty string")
        s = a.get("suggested")
        if not isinstance(s, dict):
            r.add(slug, f + ".suggested", "must be an object {personality, modelConfig}")
            continue
        p = s.get("personality")
        if not isinstance(p, dict):
            r.add(slug, f + ".suggested.personality", "must be an object {traits, tone, style, instructions}")
        else:
            if not (isinstance(p.get("traits"), list) and all(nonempty_str(x) for x in p["traits"])):
                r.add(slug, f + ".suggested.personality.traits", "must be a list of words")
            for k in ("tone", "style", "instructions"):
                if not nonempty_str(p.get(k)):
                    r.add(slug, f"{f}.suggested.personality.{k}", "must be a non-empty string")
            text = (p.get("instructions") or "").lower()
            missing = [w for w in FAIR_HOUSING_TERMS if w not in text]
            if missing:
                r.add(slug, f + ".suggested.personality.instructions",
                      f"must carry the fair-housing and no-invented-facts rules (missing: {', '.join(missing)})")
        m = s.get("modelConfig")
        if not isinstance(m, dict) or not nonempty_str(m.get("provider")) or not nonempty_str(m.get("model")):
            r.add(slug, f + ".suggested.modelConfig", "must name a provider and a model")
        else:
            if "temperature" in m and not (is_num(m["temperature"]) and 0 <= m["temperature"] <= 2):
                r.add(slug, f + ".suggested.modelConfig.temperature", "must be a number from 0 to 2")
            if "maxTokens" in m and not (is_int(m["maxTokens"]) and m["maxTokens"] > 0):
                r.add(slug, f + ".suggested.modelConfig.maxTokens", "must be a whole number > 0")
        mem = s.get("memory")
        if mem is not None and not (isinstance(mem, dict) and is_int(mem.get("windowTurns", 0))):
            r.add(slug, f + ".suggested.memory", "must be an object {windowTurns, pinnedNotes}")
    keys = set()
    for i, t in enumerate(req.get("teams") or []):
        f = f"requires.teams[{i}]"
        if not (isinstance(t, dict) and isinstance(t.get("key"), str) and IDENT.match(t["key"])):
            r.add(slug, f + ".key", "must be an identifier")
        elif t["key"] in keys:
            r.add(slug, f + ".key", f"'{t['key']}' is declared twice")
        else:
            keys.add(t["key"])
    names = set()
    for i, v in enumerate(req.get("variables") or []):
        f = f"requires.variables[{i}]"
        if not isinstance(v, dict):
            r.add(slug, f, "must be an object {name, description, example, required}")
            continue
        if not (isinstance(v.get("name"), str) and IDENT.match(v["name"])):
            r.add(slug, f + ".name", "must be an identifier")
        elif v["name"] in names:
            r.add(slug, f + ".name", f"'{v['name']}' is declared twice")
        names.add(v.get("name"))
        if not nonempty_str(v.get("description")):
            r.add(slug, f + ".description", "must tell the user what to enter")
        if v.get("example") is None:
            r.add(slug, f + ".example", "is required (it is also the document's default)")
        if not isinstance(v.get("required"), bool):
            r.add(slug, f + ".required", "must be true or false")


# --- the document ----------------------------------------------------------------------------------------------

class Graph:
    def __init__(self, nodes, edges):
        self.out = {n: [] for n in nodes}
        self.inc = {n: [] for n in nodes}
        for e in edges:
            if e.get("source") in self.out and e.get("target") in self.inc:
                self.out[e["source"]].append(e)
                self.inc[e["target"]].append(e)

    def reachable(self, start, skip=lambda e: False):
        seen, todo = set(), [start]
        while todo:
            n = todo.pop()
            if n in seen:
                continue
            seen.add(n)
            todo.extend(e["target"] for e in self.out.get(n, []) if not skip(e))
        return seen

    def ancestors(self, node):
        seen, todo = set(), [node]
        while todo:
            n = todo.pop()
            for e in self.inc.get(n, []):
                if e["source"] not in seen:
                    seen.add(e["source"])
                    todo.append(e["source"])
        return seen


def resolve(sample, path):
    """Whether a dotted path (".body.email") exists in the sample input; a list or a scalar ends the walk."""
    cur = sample
    for part in path.strip(".").split("."):
        if not isinstance(cur, dict):
            return True
        if part not in cur:
            return False
        cur = cur[part]
    return True


def json_fields(node):
    rf = node.get("data", {}).get("responseFormat")
    if isinstance(rf, dict) and rf.get("type") == "json" and isinstance(rf.get("schema"), dict):
        return set((rf["schema"].get("properties") or {}).keys())
    return None


def check_document(slug, t, r):
    doc = t.get("document")
    if not isinstance(doc, dict):
        r.add(slug, "document", "must be a workflow document object")
        return
    req = t.get("requires") if isinstance(t.get("requires"), dict) else {}
    if doc.get("format") != 1:
        r.add(slug, "document.format", "must be 1")
    if not nonempty_str(doc.get("name")):
        r.add(slug, "document.name", "must be a non-empty string")
    if not isinstance(doc.get("nodes"), list) or not isinstance(doc.get("edges"), list):
        r.add(slug, "document", "needs nodes and edges lists")
        return
    nodes = [n for n in doc["nodes"] if isinstance(n, dict)]
    by_id = {}
    positions = {}
    for i, n in enumerate(nodes):
        nid = n.get("id")
        f = f"document.nodes[{i}]"
        if not nonempty_str(nid):
            r.add(slug, f + ".id", "is missing")
            continue
        if nid in by_id:
            r.add(slug, f"node '{nid}'", "id is used twice")
        by_id[nid] = n
        if n.get("type") not in NODE_TYPES:
            r.add(slug, f"node '{nid}'.type", f"{n.get('type')!r} is not a node type")
        pos = n.get("position")
        if not (isinstance(pos, dict) and is_num(pos.get("x")) and is_num(pos.get("y"))):
            r.add(slug, f"node '{nid}'.position", "must be {x, y} numbers")
        else:
            key = (pos["x"], pos["y"])
            if key in positions:
                r.add(slug, f"node '{nid}'.position", f"sits on top of node '{positions[key]}'")
            positions[key] = nid
        if not isinstance(n.get("data"), dict):
            r.add(slug, f"node '{nid}'.data", "must be an object")
            n["data"] = {}
        elif n.get("type") == "note":
            if not nonempty_str(n["data"].get("text")):
                r.add(slug, f"node '{nid}'.data.text", "a note needs its text")
        elif not nonempty_str(n["data"].get("label")):
            r.add(slug, f"node '{nid}'.data.label", "every step needs a readable label")
    notes = {nid for nid, n in by_id.items() if n.get("type") == "note"}
    if not notes:
        r.add(slug, "document.nodes", "needs a note node explaining setup")
    edges = [e for e in doc["edges"] if isinstance(e, dict)]
    seen_edges = set()
    for e in edges:
        if e.get("id") in seen_edges:
            r.add(slug, f"edge '{e.get('id')}'", "id is used twice")
        seen_edges.add(e.get("id"))
        for end in ("source", "target"):
            if e.get(end) not in by_id:
                r.add(slug, f"edge '{e.get('id')}'.{end}", f"'{e.get(end)}' is not a node")
            elif e.get(end) in notes:
                r.add(slug, f"edge '{e.get('id')}'", "notes take no edges")
    graph = Graph(list(by_id), edges)
    triggers = [nid for nid, n in by_id.items() if n.get("type") == "trigger"]
    if len(triggers) != 1:
        r.add(slug, "document.nodes", f"must have exactly one trigger (has {len(triggers)}), so a test run knows "
                                      "where to start")
    for nid in triggers:
        trig = by_id[nid]["data"].get("trigger") or {}
        for path, s in strings(trig):
            if "{{" in s or "{%" in s:
                r.add(slug, f"node '{nid}'.data.trigger.{path}", "a trigger's settings cannot be templates")
        if trig.get("kind") == "schedule" and not nonempty_str(trig.get("timezone")):
            r.add(slug, f"node '{nid}'.data.trigger.timezone", "a schedule names its time zone")
    reach = graph.reachable(triggers[0]) if triggers else set()

    # placeholders and what requires declares
    declared = {
        "integration": {i.get("key"): i for i in req.get("integrations") or [] if isinstance(i, dict)},
        "agent": {a.get("key"): a for a in req.get("agents") or [] if isinstance(a, dict)},
        "team": {tm.get("key"): tm for tm in req.get("teams") or [] if isinstance(tm, dict)},
    }
    used = {"integration": set(), "agent": set(), "team": set()}
    for nid, n in by_id.items():
        if nid in notes:
            continue
        for path, s in strings(n["data"], "data"):
            for kind, key in PLACEHOLDER.findall(s):
                if key not in declared[kind]:
                    r.add(slug, f"node '{nid}'.{path}", f"uses ${kind}:{key}, which requires.{kind}s does not declare")
                used[kind].add(key)
        data = n["data"]
        typ = n.get("type")
        if typ == "integration":
            action = data.get("action")
            iid = data.get("integrationId")
            if action not in ACTION_PROVIDER:
                r.add(slug, f"node '{nid}'.data.action", f"{action!r} is not a known action")
            elif iid is None:
                if action != "http.request":
                    r.add(slug, f"node '{nid}'.data.integrationId", f"{action} needs an integration")
            else:
                m = re.fullmatch(r"\$integration:([A-Za-z0-9_-]+)", iid) if isinstance(iid, str) else None
                if not m:
                    r.add(slug, f"node '{nid}'.data.integrationId", "must be a placeholder $integration:<key>")
                elif m.group(1) in declared["integration"]:
                    want = ACTION_PROVIDER[action]
                    have = declared["integration"][m.group(1)].get("provider")
                    if have != want:
                        r.add(slug, f"node '{nid}'.data.integrationId",
                              f"{action} needs a {want} integration, but '{m.group(1)}' is declared as {have}")
            if action in ("http.request", "webhook.send") and not isinstance(data.get("retry"), dict):
                r.add(slug, f"node '{nid}'.data.retry", "calls to other systems retry (e.g. {maxAttempts: 3})")
            if action == "http.request":
                url = (data.get("params") or {}).get("url", "")
                if not (isinstance(url, str) and re.match(r"^\{\{\s*vars\.[A-Za-z_]\w*\s*\}\}", url)):
                    r.add(slug, f"node '{nid}'.data.params.url",
                          "must start with a base-URL variable ({{ vars.xBaseUrl }}/…) so it can be pointed elsewhere")
        elif typ == "aiAgent":
            aid = data.get("agentId")
            if not (isinstance(aid, str) and re.fullmatch(r"\$agent:[A-Za-z0-9_-]+", aid)):
                r.add(slug, f"node '{nid}'.data.agentId", "must be a placeholder $agent:<key>")
            system = (data.get("system") or "").lower()
            missing = [w for w in FAIR_HOUSING_TERMS if w not in system]
            if missing:
                r.add(slug, f"node '{nid}'.data.system",
                      f"must repeat the fair-housing and no-invented-facts rules (missing: {', '.join(missing)})")
        elif typ == "agentTeam":
            tid = data.get("teamId")
            if not (isinstance(tid, str) and re.fullmatch(r"\$team:[A-Za-z0-9_-]+", tid)):
                r.add(slug, f"node '{nid}'.data.teamId", "must be a placeholder $team:<key>")
        elif typ == "trigger":
            iid = (data.get("trigger") or {}).get("integrationId")
            if iid is not None:
                m = re.fullmatch(r"\$integration:([A-Za-z0-9_-]+)", iid) if isinstance(iid, str) else None
                if not m:
                    r.add(slug, f"node '{nid}'.data.trigger.integrationId", "must be a placeholder $integration:<key>")
                elif declared["integration"].get(m.group(1), {}).get("provider") not in (None, "WEBHOOK"):
                    r.add(slug, f"node '{nid}'.data.trigger.integrationId", "a signed webhook needs a WEBHOOK integration")
    for kind in used:
        for key in declared[kind]:
            if key not in used[kind]:
                r.add(slug, f"requires.{kind}s", f"'{key}' is declared but no node uses ${kind}:{key}")

    # variables, input fields, node references
    var_decl = {v.get("name"): v for v in req.get("variables") or [] if isinstance(v, dict)}
    doc_vars = doc.get("variables") if isinstance(doc.get("variables"), dict) else {}
    if not isinstance(doc.get("variables"), dict):
        r.add(slug, "document.variables", "must be an object of each declared variable's example")
    var_used = set()
    sample = t.get("sampleInput") if isinstance(t.get("sampleInput"), dict) else {}
    for nid, n in by_id.items():
        if nid in notes:
            continue
        ancestors = graph.ancestors(nid)
        for path, s in strings(n["data"], "data"):
            where = f"node '{nid}'.{path}"
            for a, b in VAR_USE.findall(s):
                name = a or b
                var_used.add(name)
                if name not in var_decl:
                    r.add(slug, where, f"reads vars.{name}, which requires.variables does not declare")
                elif name not in doc_vars:
                    r.add(slug, where, f"reads vars.{name}, which document.variables lacks")
            for p in INPUT_USE.findall(s):
                if not resolve(sample, p):
                    r.add(slug, where, f"reads input{p}, which sampleInput lacks")
            for a, b, rest in NODE_USE.findall(s):
                ref = a or b
                if ref not in by_id:
                    r.add(slug, where, f"reads nodes.{ref}, which is not a node")
                    continue
                if ref not in ancestors:
                    r.add(slug, where, f"reads nodes.{ref}, which does not run before this node")
                parts = rest.strip(".").split(".") if rest else []
                if parts[:2] == ["output", "json"] and len(parts) >= 3:
                    fields = json_fields(by_id[ref])
                    if fields is None:
                        r.add(slug, where, f"reads nodes.{ref}.output.json, but '{ref}' has no JSON response format")
                    elif parts[2] not in fields:
                        r.add(slug, where, f"reads nodes.{ref}.output.json.{parts[2]}, which its schema lacks")
    for name, v in var_decl.items():
        if name not in var_used:
            r.add(slug, "requires.variables", f"'{name}' is declared but never read as vars.{name}")
        if name not in doc_vars:
            r.add(slug, "document.variables", f"lacks '{name}' (its example)")
        elif doc_vars[name] != v.get("example"):
            r.add(slug, f"document.variables.{name}", "must equal the declared example")
    for name in doc_vars:
        if name not in var_decl:
            r.add(slug, f"document.variables.{name}", "is not declared in requires.variables")

    check_compliance(slug, t, by_id, notes, graph, triggers, reach, r)


def check_compliance(slug, t, by_id, notes, graph, triggers, reach, r):
    comp = t.get("compliance") if isinstance(t.get("compliance"), dict) else {}
    req = t.get("requires") if isinstance(t.get("requires"), dict) else {}
    # SMS: every step that texts someone runs only on the true branch of a condition on recorded consent.
    sms_nodes = [nid for nid, n in by_id.items() if n.get("type") == "integration" and (
        n["data"].get("integrationId") == f"$integration:{SMS_KEY}"
        or "vars.smsBaseUrl" in str((n["data"].get("params") or {}).get("url", "")))]
    declares_sms = any(isinstance(i, dict) and i.get("key") == SMS_KEY for i in req.get("integrations") or [])
    texts = comp.get("textsPeople") is True
    if (bool(sms_nodes) or declares_sms) and not texts:
        r.add(slug, "compliance.textsPeople", "must be true: the template sends texts")
    if texts and not sms_nodes:
        r.add(slug, "compliance.textsPeople", "is true but no step texts anyone")
    cf = comp.get("consentField")
    if texts and isinstance(cf, str):
        if not resolve(t.get("sampleInput") or {}, cf[len("input"):]):
            r.add(slug, "compliance.consentField", f"{cf} is not in sampleInput")
        gates = {nid for nid, n in by_id.items() if n.get("type") == "condition"
                 and re.search(re.escape(cf) + r"\s*==\s*true\b", n["data"].get("expression", ""))
                 and " or " not in n["data"].get("expression", "")}
        if triggers:
            ungated = graph.reachable(triggers[0], lambda e: e["source"] in gates and e.get("sourceHandle") == "true")
            for nid in sms_nodes:
                if nid in ungated:
                    r.add(slug, f"node '{nid}'",
                          f"texts a person without passing the true branch of a condition on {cf} == true")
    # Fair-housing review of published copy.
    reviews = [nid for nid in by_id if nid == "fairHousingReview"]
    if slug in REVIEW_REQUIRED and not reviews:
        r.add(slug, "document.nodes", "needs the fair-housing review step: an aiAgent 'fairHousingReview' and a "
                                      "condition on its verdict before anything is posted")
    for rid in reviews:
        node = by_id[rid]
        if node.get("type") != "aiAgent" or "verdict" not in (json_fields(node) or set()):
            r.add(slug, f"node '{rid}'", "must be an aiAgent answering JSON with a 'verdict' field")
            continue
        gates = {nid for nid, n in by_id.items() if n.get("type") == "condition"
                 and f"nodes.{rid}.output.json.verdict" in n["data"].get("expression", "")}
        if not gates:
            r.add(slug, f"node '{rid}'", "no condition reads its verdict")
            continue
        prompt = node["data"].get("prompt", "")
        writers = {a or b for a, b, _ in NODE_USE.findall(prompt)} & {
            nid for nid, n in by_id.items() if n.get("type") in ("aiAgent", "agentTeam")}
        if not writers:
            r.add(slug, f"node '{rid}'.data.prompt", "must read the copy it reviews (nodes.<writer>.output…)")
        if triggers:
            open_paths = graph.reachable(triggers[0], lambda e: e["source"] in gates)
            for nid, n in by_id.items():
                if n.get("type") != "integration" or nid not in open_paths:
                    continue
                refs = {a or b for _, s in strings(n["data"]) for a, b, _ in NODE_USE.findall(s)}
                if refs & writers:
                    r.add(slug, f"node '{nid}'", "sends AI-written copy without passing the fair-housing review condition")
    # Approval steps stop at Slack; the note says publishing is a follow-up run.
    if "approval" in (t.get("tags") or []):
        texts_of_notes = " ".join(by_id[n]["data"].get("text", "") for n in notes).lower()
        if "follow-up run" not in texts_of_notes or "approves" not in texts_of_notes:
            r.add(slug, "document.nodes", "an approval template's note must say a human approves and publishing "
                                          "happens in a follow-up run")


# --- the library and the CLI -----------------------------------------------------------------------------------

def check_library(templates, r):
    if len(templates) < MIN_TEMPLATES:
        r.add("library", "templates", f"has {len(templates)} templates; at least {MIN_TEMPLATES} are needed")
    slugs = [t.get("slug") for t in templates.values()]
    for s in set(slugs):
        if slugs.count(s) > 1:
            r.add("library", "slug", f"'{s}' is used by {slugs.count(s)} templates")
    for field, allowed in (("category", CATEGORIES), ("difficulty", DIFFICULTIES)):
        have = {t.get(field) for t in templates.values()}
        for value in allowed:
            if value not in have:
                r.add("library", field, f"no template is {value}")
    if not any(t.get("featured") is True for t in templates.values()):
        r.add("library", "featured", "no template is featured")


def find_cli(arg):
    for candidate in (arg, os.path.join(ROOT, arg)):
        if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return os.path.abspath(candidate)
    return None


def validate_with_cli(cli, templates, r):
    with tempfile.TemporaryDirectory(prefix="nf-templates-") as tmp:
        data_dir = os.path.join(tmp, "data")
        for slug, t in sorted(templates.items()):
            doc = t.get("document")
            if not isinstance(doc, dict) or not isinstance(doc.get("nodes"), list):
                continue
            notes = {n.get("id") for n in doc["nodes"] if isinstance(n, dict) and n.get("type") == "note"}
            stripped = dict(doc)
            stripped["nodes"] = [n for n in doc["nodes"] if not (isinstance(n, dict) and n.get("id") in notes)]
            stripped["edges"] = [e for e in doc.get("edges", []) if isinstance(e, dict)
                                 and e.get("source") not in notes and e.get("target") not in notes]
            path = os.path.join(tmp, slug + ".json")
            with open(path, "w") as f:
                json.dump(stripped, f)
            try:
                proc = subprocess.run([cli, "--data-dir", data_dir, "--json", "workflow", "validate", path],
                                      capture_output=True, text=True, timeout=60)
            except (OSError, subprocess.TimeoutExpired) as e:
                r.add(slug, "document", f"the CLI could not validate it: {e}")
                continue
            try:
                out = json.loads(proc.stdout)
            except ValueError:
                r.add(slug, "document", f"the CLI answered (exit {proc.returncode}): "
                                        f"{(proc.stdout + proc.stderr).strip()[:400]}")
                continue
            details = out.get("error", {}).get("details", out) if isinstance(out, dict) else {}
            problems = [("error", p) for p in details.get("errors", [])] + \
                       [("warning", p) for p in details.get("warnings", [])]
            for level, p in problems:
                r.add(slug, f"node '{p.get('nodeId') or p.get('edgeId') or '-'}'.{p.get('field') or ''}",
                      f"CLI {level}: {p.get('message')}")
            if proc.returncode != 0 and not problems:
                r.add(slug, "document", f"the CLI rejected it: {out}")


def main(argv):
    cli_arg = argv[1] if len(argv) > 1 else "target/debug/neuroflow"
    r = Report()
    templates = {}
    for name in sorted(os.listdir(HERE)):
        if not name.endswith(".json"):
            continue
        slug = name[:-len(".json")]
        try:
            with open(os.path.join(HERE, name), encoding="utf-8") as f:
                t = json.load(f)
        except (OSError, ValueError) as e:
            r.add(slug, "file", f"is not readable JSON: {e}")
            continue
        if not isinstance(t, dict):
            r.add(slug, "file", "must hold a JSON object")
            continue
        templates[slug] = t
        check_manifest(slug, t, r)
        check_document(slug, t, r)
    check_library(templates, r)
    cli = find_cli(cli_arg)
    if cli is None:
        r.add("library", "cli", f"'{cli_arg}' is not an executable NeuroFlow CLI (build it, or pass its path)")
    else:
        validate_with_cli(cli, templates, r)
    if r.problems:
        for p in r.problems:
            print(p)
        print(f"FAILED: {len(r.problems)} problem(s) in {len(templates)} templates")
        return 1
    cats = sorted({t["category"] for t in templates.values()})
    diffs = [d for d in DIFFICULTIES if any(t["difficulty"] == d for t in templates.values())]
    print(f"OK: {len(templates)} templates; categories {', '.join(cats)}; difficulties {', '.join(diffs)}; "
          f"every document valid by {cli}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
