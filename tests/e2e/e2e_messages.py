"""The test messages of Seal's end-to-end scenarios and the check that a
capture of the server's traffic does not hold them."""

import html


def long_message(length=3000):
    """A deterministic text of exactly `length` characters (not bytes)."""
    parts = []
    n = 0
    while sum(len(p) for p in parts) < length:
        parts.append("%04d-é " % n)
        n += 1
    text = "LONG:" + "".join(parts)
    return text[:length - 4] + " END"


ASCII = "Plain ASCII: the quick brown fox jumps over 13 lazy dogs."
ACCENTS = "UTF-8 accents: café crème brûlée, naïve façade, Ærøskøbing, Łódź"
CJK = "CJK: 你好，世界 / 日本語のテキスト / 한국어 문장"
EMOJI = "Emoji: 🔐 🙂 🚀 and a flag 🇫🇷"
RTL = "Right-to-left: שלום עולם and مرحبا بالعالم"
HTML_SPECIAL = "HTML-special: <b>not bold</b> & &amp; stay literal, see https://example.org/a?b=1&c=2"
MULTILINE = "Two lines:\nthe second line"
WHITESPACE_ONLY = "   \t  "
LONG = long_message()

# Everything issue 3's scenario 1 lists, in the order they are sent.
ALL = [ASCII, ACCENTS, CJK, EMOJI, RTL, HTML_SPECIAL, MULTILINE, LONG, WHITESPACE_ONLY]

# What plain IRC carries unchanged without Seal: one line each, below the
# ~445-character cut, no trailing blanks (servers trim them).
PLAIN_IRC_SAFE = [ASCII, ACCENTS, CJK, EMOJI, RTL, HTML_SPECIAL]


def wire_forms(text):
    """The byte strings under which text could appear on an XMPP or IRC wire:
    as is, XML/HTML-escaped, and for long texts every 40-character piece."""
    forms = set()
    candidates = {text, html.escape(text, quote=False), html.escape(text, quote=True),
                  text.replace("'", "&apos;").replace('"', "&quot;")}
    for candidate in candidates:
        forms.add(candidate.encode("utf-8"))
    if len(text) > 120:
        for start in range(0, len(text) - 40, 40):
            forms.add(text[start:start + 40].encode("utf-8"))
    return forms


def searchable(text):
    """Whitespace-only texts cannot be searched for in a capture."""
    return text.strip() != ""


def plaintexts_on_wire(streams, texts):
    """The texts (of those searchable) that appear in any captured stream."""
    found = []
    for text in texts:
        if not searchable(text):
            continue
        forms = wire_forms(text)
        if any(form in stream for stream in streams for form in forms):
            found.append(text)
    return found


def short(text, width=70):
    text = text.replace("\n", "\\n").replace("\t", "\\t")
    return text if len(text) <= width else text[:width - 3] + "..."
