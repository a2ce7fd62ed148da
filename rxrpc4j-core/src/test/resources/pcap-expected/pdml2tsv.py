#!/usr/bin/env python3
"""Maintainer tool: turn `tshark -T pdml` output (stdin) into the expected-values TSV (stdout).

One line per field:  frame <TAB> field <TAB> offset <TAB> size <TAB> value <TAB> show
  frame   tshark frame number (1-based)
  field   the tshark field name, verbatim (so rx.serial appears twice on an ACK: the header
          serial at offset 16 and the ACK body's serial at offset 40 + ...; tell them apart
          by the offset column)
  offset  byte offset of the field inside the UDP payload (the Rx packet), or '-' for
          frame-level fields (frame.time_epoch, ip.*, udp.*)
  size    the field's size in bytes as tshark reports it
  value   tshark's raw `value` attribute: the field's bytes in hex (for bit-fields such as
          rx.flags.client_init: 0/1), or '-' if tshark gives none
  show    tshark's `show` attribute (human form; for the epoch a date)

Containers without a value (rx.ack, rx.abort, rx.challenge, rx.response, rx.encrypted) are
not listed; their children are.
"""
import sys
import xml.etree.ElementTree as ET

FRAME_FIELDS = ("frame.time_epoch", "ip.src", "ip.dst", "ipv6.src", "ipv6.dst",
                "udp.srcport", "udp.dstport", "udp.length")


def clean(s):
    return (s or "").replace("\t", " ").replace("\n", " ")


def rx_fields(elem, base, out):
    for f in elem.findall("field"):
        name = f.get("name", "")
        if name.startswith("rx.") and f.get("value") not in (None, ""):
            out.append((name, int(f.get("pos")) - base, f.get("size"), f.get("value"),
                        clean(f.get("show"))))
        rx_fields(f, base, out)


def main():
    w = sys.stdout.write
    for _, pkt in ET.iterparse(sys.stdin.buffer, events=("end",)):
        if pkt.tag != "packet":
            continue
        number = None
        frame_lines = []
        rx_lines = []
        for proto in pkt.findall("proto"):
            pname = proto.get("name")
            for f in proto.iter("field"):
                name = f.get("name")
                if name == "frame.number":
                    number = f.get("show")
                if name in FRAME_FIELDS:
                    frame_lines.append((name, "-", f.get("size"), f.get("value") or "-",
                                        clean(f.get("show"))))
            if pname == "rx":
                rx_fields(proto, int(proto.get("pos")), rx_lines)
        if number is None:
            sys.exit("packet without frame.number")
        for name, off, size, value, show in frame_lines + rx_lines:
            w(f"{number}\t{name}\t{off}\t{size}\t{value}\t{show}\n")
        pkt.clear()


if __name__ == "__main__":
    main()
