// The desktop around the app, as a desktop shell would be, for end-to-end tests of the tray, the
// notifications and the window: a StatusNotifierWatcher (where the tray icon registers, as with
// KDE, GNOME's AppIndicator extension or waybar) and a notification server
// (org.freedesktop.Notifications) on the test's D-Bus session bus, and the X server's view of the
// window (mapped or not; closed as a window manager closes it, with WM_DELETE_WINDOW).
//
// The tray menu is read and clicked through the com.canonical.dbusmenu interface the icon exports,
// exactly as a panel does, so a test sees the labels a person would see and clicks what they click.
import dbus from "dbus-next";
import x11 from "x11";

const { Message, MessageType, Variant } = dbus;
const WATCHER = "org.kde.StatusNotifierWatcher";
const NOTIFICATIONS = "org.freedesktop.Notifications";

/** Serves the tray watcher and the notification server; records what the app sends them. */
export async function startDesktopServices() {
  const bus = dbus.sessionBus();
  const items = [];
  const notifications = [];
  let nextId = 1;
  const reply = (msg, signature = "", body = []) => bus.send(Message.newMethodReturn(msg, signature, body));
  bus.addMethodHandler((msg) => {
    if (msg.type !== MessageType.METHOD_CALL) return false;
    const key = `${msg.interface}.${msg.member}`;
    switch (key) {
      case `${WATCHER}.RegisterStatusNotifierItem`: {
        // An indicator passes its object path (or a bus name); the item lives on the sender.
        const arg = msg.body[0];
        const path = arg.startsWith("/") ? arg : "/StatusNotifierItem";
        const service = arg.startsWith("/") ? msg.sender : arg;
        items.push({ service, path });
        reply(msg);
        bus.send(Message.newSignal("/StatusNotifierWatcher", WATCHER, "StatusNotifierItemRegistered", "s", [`${service}${path}`]));
        return true;
      }
      case `${WATCHER}.RegisterStatusNotifierHost`:
        reply(msg);
        return true;
      case "org.freedesktop.DBus.Properties.Get":
        if (msg.path !== "/StatusNotifierWatcher") return false;
        reply(msg, "v", [watcherProperty(msg.body[1], items)]);
        return true;
      case "org.freedesktop.DBus.Properties.GetAll":
        if (msg.path !== "/StatusNotifierWatcher") return false;
        reply(msg, "a{sv}", [
          Object.fromEntries(["RegisteredStatusNotifierItems", "IsStatusNotifierHostRegistered", "ProtocolVersion"].map((p) => [p, watcherProperty(p, items)])),
        ]);
        return true;
      case `${NOTIFICATIONS}.Notify`: {
        const [appName, replacesId, , summary, body, actions, hints] = msg.body;
        const id = replacesId || nextId++;
        notifications.push({ id, appName, summary, body, actions, hints, at: Date.now() });
        reply(msg, "u", [id]);
        return true;
      }
      case `${NOTIFICATIONS}.GetCapabilities`:
        reply(msg, "as", [["body", "actions"]]);
        return true;
      case `${NOTIFICATIONS}.GetServerInformation`:
        reply(msg, "ssss", ["neuroflow-e2e", "NeuroFlow", "1", "1.2"]);
        return true;
      case `${NOTIFICATIONS}.CloseNotification`:
        reply(msg);
        return true;
      default:
        return false;
    }
  });
  for (const name of [WATCHER, NOTIFICATIONS]) {
    const answer = await bus.requestName(name, 0);
    if (answer !== 1) throw new Error(`could not own ${name} on the session bus (answer ${answer}): is another desktop service running?`);
  }
  return {
    notifications,
    /** The tray items registered so far. */
    items,
    /** Waits for the app's tray icon, then reads its menu: [{id, label, enabled, separator}]. */
    async trayMenu(timeoutMs = 15_000) {
      const item = await until(() => items[0], timeoutMs, "the app never put an icon in the tray");
      const object = await bus.getProxyObject(item.service, item.path);
      const props = object.getInterface("org.freedesktop.DBus.Properties");
      const menuPath = (await props.Get("org.kde.StatusNotifierItem", "Menu")).value;
      const menu = (await bus.getProxyObject(item.service, menuPath)).getInterface("com.canonical.dbusmenu");
      const [, layout] = await menu.GetLayout(0, -1, []);
      return { entries: flatten(layout), menu };
    },
    /** Waits until the tray menu has an entry whose label matches, and returns it. */
    async trayEntry(pattern, timeoutMs = 15_000) {
      let last = [];
      return until(
        async () => {
          const { entries } = await this.trayMenu(timeoutMs);
          last = entries.map((e) => e.label);
          return entries.find((e) => pattern.test(e.label));
        },
        timeoutMs,
        () => `no tray menu entry matches ${pattern}; the menu says: ${JSON.stringify(last)}`,
      );
    },
    /** Clicks a tray menu entry as a panel does. */
    async clickTray(pattern) {
      const entry = await this.trayEntry(pattern);
      const { menu } = await this.trayMenu();
      await menu.Event(entry.id, "clicked", new Variant("s", ""), Math.floor(Date.now() / 1000));
    },
    stop() {
      bus.disconnect();
    },
  };
}

function watcherProperty(name, items) {
  switch (name) {
    case "RegisteredStatusNotifierItems":
      return new Variant("as", items.map((i) => `${i.service}${i.path}`));
    case "IsStatusNotifierHostRegistered":
      return new Variant("b", true);
    default:
      return new Variant("i", 0);
  }
}

/** A dbusmenu layout as a flat list of entries, labels without their mnemonic underscores. */
function flatten([id, props, children]) {
  const label = props.label ? String(props.label.value).replace(/_([^_])/g, "$1") : "";
  const entry = {
    id,
    label,
    enabled: props.enabled ? Boolean(props.enabled.value) : true,
    separator: props.type?.value === "separator",
  };
  const below = children.flatMap((child) => flatten(child.value));
  return id === 0 ? below : [entry, ...below];
}

/** Polls `check` until it gives a value; fails with `message` after `timeoutMs`. */
export async function until(check, timeoutMs, message) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(typeof message === "function" ? message() : message);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The X server's view of the app's top-level window. */
export async function openDisplay() {
  const display = await new Promise((resolve, reject) => {
    const client = x11.createClient((err, d) => (err ? reject(err) : resolve(d)));
    client.on("error", reject);
  });
  const X = display.client;
  const root = display.screen[0].root;
  const call = (name, ...args) => new Promise((resolve, reject) => X[name](...args, (err, r) => (err ? reject(err) : resolve(r))));
  const atom = (name) => call("InternAtom", false, name);
  const text = async (wid, name, type) => {
    const prop = await call("GetProperty", 0, wid, await atom(name), type, 0, 1024);
    return prop?.data ? prop.data.toString("utf8") : "";
  };
  const utf8 = await atom("UTF8_STRING");

  /** The top-level window titled `title` (the app's GTK window; no window manager reparents it). */
  async function find(title) {
    const tree = await call("QueryTree", root);
    for (const wid of tree.children) {
      if ((await text(wid, "_NET_WM_NAME", utf8)) === title || (await text(wid, "WM_NAME", X.atoms.STRING)) === title) return wid;
    }
    return null;
  }

  return {
    find,
    /** Whether the window is mapped (shown) rather than withdrawn (hidden). */
    async shown(wid) {
      const attrs = await call("GetWindowAttributes", wid);
      return attrs.mapState === 2;
    },
    /** The process that owns the window (_NET_WM_PID, set by GTK). */
    async pid(wid) {
      const prop = await call("GetProperty", 0, wid, await atom("_NET_WM_PID"), X.atoms.CARDINAL, 0, 1);
      return prop.data.readUInt32LE(0);
    },
    /** Asks the window to close, as a window manager's close button does. */
    async close(wid) {
      const protocols = await atom("WM_PROTOCOLS");
      const deleteWindow = await atom("WM_DELETE_WINDOW");
      await new Promise((resolve) => {
        X.SendClientMessage(wid, wid, protocols, 32, [deleteWindow, 0], 0);
        // A round trip makes sure the server has handled the event before going on.
        X.GetInputFocus(() => resolve());
      });
    },
    disconnect() {
      X.terminate();
    },
  };
}
