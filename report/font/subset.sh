#!/bin/sh
# Cuts the chart font committed beside this script, once, by hand; CI does not
# run it. Needs Debian's python3-fonttools and fonts-droid-fallback:
#   apt-get install python3-fonttools fonts-droid-fallback
# The subset is GB2312 (6,763 hanzi and its symbols) plus printable ASCII,
# Latin-1 and the CJK and full-width punctuation blocks: every character a
# policy formulation, source name or axis label needs in practice. Characters
# outside it (rarer hanzi such as 堃) draw as the missing glyph, and the chart
# command warns when a label needs one.
set -eu
cd "$(dirname "$0")"
src=/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf
/usr/bin/python3 - <<'PY' >gb2312.txt
import sys
chars = []
for hi in range(0xA1, 0xF8):
    for lo in range(0xA1, 0xFF):
        try:
            chars.append(bytes([hi, lo]).decode("gb2312"))
        except UnicodeDecodeError:
            pass
sys.stdout.write("".join(chars))
PY
/usr/bin/python3 -m fontTools.subset "$src" \
	--text-file=gb2312.txt \
	--unicodes=U+0020-007E,U+00A0-00FF,U+2000-206F,U+3000-303F,U+FF00-FFEF \
	--layout-features='*' --no-hinting --desubroutinize \
	--name-IDs='*' --name-legacy --name-languages='*' \
	--output-file=DroidSansFallback-GB2312.ttf
rm gb2312.txt
