#!/usr/bin/python3
"""atspi-probe.py - look at and operate one running Pidgin through AT-SPI.

usage: atspi-probe.py --pid PID [--timeout S] COMMAND [ARG]
  has-button TEXT      wait until a push button whose name contains TEXT is shown
  has-item TEXT        wait until a menu item whose name contains TEXT is shown
  checked TEXT         wait until a check/radio menu item named TEXT is checked
  click TEXT           do the default action of the first button or menu item
                       named TEXT (exact name preferred, else substring)
  labels WINDOW        print the text of every label in the window whose
                       title (or one of whose labels) contains WINDOW
  toggle-row TEXT      toggle the first column of the table row with a cell whose
                       text starts with TEXT (e.g. enable/disable a plugin)
  lacks-button TEXT    wait until no push button whose name contains TEXT is shown
  select-row TEXT      select the table row with a cell whose text starts with TEXT
  has-text TEXT        wait until some text view (e.g. conversation history)
                       contains TEXT
  lacks-text TEXT      fail if some text view contains TEXT
  dump                 print the widget tree
Exit status 0 when the expectation holds within --timeout, else 1.
Needs pidgin started with GTK_MODULES=gail:atk-bridge on the same a11y bus.
"""
import argparse
import sys
import time

import pyatspi

BUTTON_ROLES = {"push button", "toggle button"}
MENU_ITEM_ROLES = {"menu item", "check menu item", "radio menu item"}
WINDOW_ROLES = {"frame", "dialog", "alert", "window"}


def applications(pid):
    desktop = pyatspi.Registry.getDesktop(0)
    for i in range(desktop.childCount):
        app = desktop.getChildAtIndex(i)
        try:
            if app is not None and app.get_process_id() == pid:
                yield app
        except Exception:
            continue


def walk(node, depth=0):
    try:
        role, name = node.getRoleName(), node.name or ""
    except Exception:
        return
    yield node, role, name, depth
    try:
        count = node.childCount
    except Exception:
        return
    for i in range(count):
        try:
            child = node.getChildAtIndex(i)
        except Exception:
            continue
        if child is not None:
            yield from walk(child, depth + 1)


def nodes(pid):
    for app in applications(pid):
        yield from walk(app)


def text_of(node):
    try:
        return node.queryText().getText(0, -1)
    except Exception:
        return ""


def find_button(pid, text):
    return any(role in BUTTON_ROLES and text in name for _, role, name, _ in nodes(pid))


def find_menu_item(pid, text):
    return any(role in MENU_ITEM_ROLES and text in name for _, role, name, _ in nodes(pid))


def is_checked(pid, text):
    for node, role, name, _ in nodes(pid):
        if role in ("check menu item", "radio menu item") and name.strip() == text:
            try:
                if node.getState().contains(pyatspi.STATE_CHECKED):
                    return True
            except Exception:
                continue
    return False


def click(pid, text):
    candidates = [(node, role, name) for node, role, name, _ in nodes(pid)
                  if role in BUTTON_ROLES or role in MENU_ITEM_ROLES]
    ordered = ([c for c in candidates if c[2].strip() == text] +
               [c for c in candidates if text in c[2]])
    for node, role, name in ordered:
        try:
            node.queryAction().doAction(0)
        except Exception:
            continue
        print(f"clicked [{role}] {name!r}")
        return True
    return False


def window_labels(pid, title):
    """Labels of the first window whose title, or one of whose labels,
    contains title (message dialogs are often named after their text)."""
    for node, role, name, _ in nodes(pid):
        if role not in WINDOW_ROLES:
            continue
        labels = [n for _, r, n, _ in walk(node) if r == "label" and n]
        if title in name or any(title in label for label in labels):
            return labels
    return None


def toggle_row(pid, text):
    for node, role, name, _ in nodes(pid):
        if role != "table cell" or not name.startswith(text):
            continue
        try:
            table_iface = node.parent.queryTable()
            row = table_iface.getRowAtIndex(node.getIndexInParent())
            toggle = table_iface.getAccessibleAt(row, 0).queryAction()
            for k in range(toggle.nActions):
                if toggle.getName(k) == "toggle":
                    toggle.doAction(k)
                    print(f"toggled row {row}: {name.splitlines()[0]!r}")
                    return True
        except Exception as error:
            print(f"cannot toggle {name!r}: {error}")
    return False


def select_row(pid, text):
    for node, role, name, _ in nodes(pid):
        if role != "table cell" or not name.startswith(text):
            continue
        try:
            table = node.parent
            table_iface = table.queryTable()
            row = table_iface.getRowAtIndex(node.getIndexInParent())
            if table_iface.addRowSelection(row):
                print(f"selected row {row}: {name.splitlines()[0]!r}")
                return True
        except Exception as error:
            print(f"cannot select {name!r}: {error}")
    return False


def has_text(pid, text):
    return any(role == "text" and text in text_of(node) for node, role, _, _ in nodes(pid))


def retry(timeout, attempt):
    end = time.time() + timeout
    while True:
        result = attempt()
        if result or time.time() > end:
            return result
        time.sleep(0.3)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pid", type=int, required=True)
    ap.add_argument("--timeout", type=float, default=20)
    ap.add_argument("command")
    ap.add_argument("arg", nargs="?", default="")
    a = ap.parse_args()

    if a.command == "has-button":
        ok = retry(a.timeout, lambda: find_button(a.pid, a.arg))
    elif a.command == "has-item":
        ok = retry(a.timeout, lambda: find_menu_item(a.pid, a.arg))
    elif a.command == "checked":
        ok = retry(a.timeout, lambda: is_checked(a.pid, a.arg))
    elif a.command == "click":
        ok = retry(a.timeout, lambda: click(a.pid, a.arg))
    elif a.command == "labels":
        labels = retry(a.timeout, lambda: window_labels(a.pid, a.arg))
        for label in labels or []:
            print(label)
        ok = labels is not None
    elif a.command == "toggle-row":
        ok = retry(a.timeout, lambda: toggle_row(a.pid, a.arg))
    elif a.command == "lacks-button":
        ok = retry(a.timeout, lambda: not find_button(a.pid, a.arg))
    elif a.command == "select-row":
        ok = retry(a.timeout, lambda: select_row(a.pid, a.arg))
    elif a.command == "has-text":
        ok = retry(a.timeout, lambda: has_text(a.pid, a.arg))
    elif a.command == "lacks-text":
        ok = not has_text(a.pid, a.arg)
    elif a.command == "dump":
        for node, role, name, depth in nodes(a.pid):
            extra = text_of(node)[:100] if role == "text" else ""
            print("  " * depth + f"[{role}] {name!r}" + (f" text={extra!r}" if extra else ""))
        ok = True
    else:
        ap.error("unknown command " + a.command)
    if not ok:
        print(f"atspi-probe: {a.command} {a.arg!r}: not found within {a.timeout}s")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
