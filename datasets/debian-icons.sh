#!/usr/bin/env bash
# A real image set from Debian's icon themes, for tuning and scoring the tagger on real pictures.
#   datasets/debian-icons.sh OUT          -> OUT/tagged: name.png + name.txt (multi-label: context, theme, name words)
#                                            OUT/classes/<context>/name.png (single-label: the context is the class)
# One PNG per (theme, context, icon name): the largest size from 32 to 128 px. Needs apt-get (Debian).
# Not the openclipart packages: those are held back for an independent check.
set -euo pipefail
OUT="${1:?usage: $0 OUT}"
THEMES="oxygen-icon-theme gnome-icon-theme tango-icon-theme mate-icon-theme lxde-icon-theme elementary-xfce-icon-theme"
CONTEXTS="actions apps categories devices emblems emotes mimetypes places status"
WORK="$(readlink -f "$(mktemp -d)")"   # its real path: the link filter below compares real paths
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$OUT/tagged" "$OUT/classes"
(cd "$WORK" && apt-get download $THEMES >/dev/null 2>&1) || { echo "apt-get download failed: needs Debian's package index (apt-get update)" >&2; exit 1; }
for deb in "$WORK"/*.deb; do
  pkg="$(basename "$deb")"; pkg="${pkg%%_*}"
  mkdir -p "$WORK/x/$pkg" && dpkg-deb -x "$deb" "$WORK/x/$pkg"
done
# path -> "theme context size name path", then keep the largest size per (theme, context, name)
# links are followed only inside the unpacked packages: an absolute link would read this machine's own files
# (which may hold the held-back openclipart pictures), so a file whose real path leaves $WORK/x is dropped
find -L "$WORK/x" -name '*.png' -type f 2>/dev/null \
  | while IFS= read -r f; do case "$(readlink -f "$f")" in "$WORK/x/"*openclipart*) ;; "$WORK/x/"*) printf '%s\n' "$f" ;; esac; done \
  | awk -v contexts="$CONTEXTS" '
  BEGIN { n = split(contexts, c, " "); for (i = 1; i <= n; i++) ctx[c[i]] = 1 }
  {
    k = split($0, p, "/"); theme = ""; context = ""; size = 0
    for (i = 1; i < k; i++) {
      if (p[i] == "icons" && theme == "") theme = p[i + 1]
      if (p[i] in ctx) context = p[i]
      if (p[i] ~ /^[0-9]+(x[0-9]+)?$/) { split(p[i], s, "x"); size = s[1] + 0 }
    }
    name = p[k]; sub(/\.png$/, "", name)
    if (theme == "" || context == "" || size < 32 || size > 128) next
    key = theme SUBSEP context SUBSEP name
    if (size > best[key]) { best[key] = size; path[key] = $0 }
  }
  END {
    for (key in best) {
      split(key, f, SUBSEP); theme = tolower(f[1]); gsub(/[^a-z0-9]/, "_", theme)
      # tags: the context, the theme (a style tag, like a booru artist), and the words of the icon name
      words = tolower(f[3]); gsub(/[^a-z]/, " ", words); nw = split(words, w, " "); tags = ""; delete seen
      for (i = 1; i <= nw; i++) if (length(w[i]) > 2 && !(w[i] in seen)) { seen[w[i]] = 1; tags = tags " " w[i] }
      printf "%s\t%s__%s\t%s\t%s theme_%s%s\n", path[key], theme, f[3], f[2], f[2], theme, tags
    }
  }' |
while IFS=$'\t' read -r path base context tags; do
  cp "$path" "$OUT/tagged/$base.png"
  printf '%s\n' "$tags" > "$OUT/tagged/$base.txt"
  mkdir -p "$OUT/classes/$context"
  cp "$path" "$OUT/classes/$context/$base.png"
done
echo "debian-icons: $(ls "$OUT/tagged" | grep -c '\.png$') tagged images in $OUT/tagged, $(ls "$OUT/classes" | wc -l) classes in $OUT/classes"
