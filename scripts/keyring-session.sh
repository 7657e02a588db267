#!/usr/bin/env bash
# Runs a command with an unlocked GNOME Keyring serving the Secret Service on this D-Bus session:
# the OS keychain a Linux desktop has. Call it inside a private session bus:
#   dbus-run-session -- scripts/keyring-session.sh COMMAND...
#
# gnome-keyring-daemon returns before its Secret Service owns its bus name. A client that asks in
# that gap makes D-Bus start a second daemon, which can exit without replying ("Message recipient
# disconnected"), so this waits until the name has an owner before running the command.
set -euo pipefail
eval "$(echo '' | gnome-keyring-daemon --unlock --components=secrets)" >/dev/null
export GNOME_KEYRING_CONTROL
for _ in $(seq 1 200); do
  if dbus-send --session --print-reply --dest=org.freedesktop.DBus / \
      org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q 'boolean true'; then
    exec "$@"
  fi
  sleep 0.05
done
echo "keyring-session.sh: the Secret Service did not appear on the session bus within 10 s" >&2
exit 1
