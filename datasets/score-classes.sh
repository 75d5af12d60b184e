#!/usr/bin/env bash
# Single-label figures on real images: Debian's icon themes as class folders (the icon's context:
# actions, apps, devices, ...; datasets/debian-icons.sh), crawled with `i2v crawl dir` and trained by
# `i2v train --single-label` on the two-branch RGB+HSV network twice: once with a normal embedding
# (RGB, HS and fused accuracy against the majority-class baseline) and once with a 2-unit bottleneck
# (the learned 2-D map). Every figure is on the trainer's holdout. Writes bench/results/quality-classes.md.
#   datasets/score-classes.sh                  # defaults below; EPOCHS=8 PER_CLASS=400 ... to change them
# Bounded for a small shared machine: at most PER_CLASS icons per class, spread evenly over the
# folder's sorted names (so over the themes), dealt into 8 slices crawled one after the other. A
# folder is crawled in sorted order, one class after another, so a window of one crawl would hold a
# few classes only; each slice holds every class, and each of the 2 windows (versions) about 4 slices.
# Runs its own broker on ports 19192/19193 with data under data/classes-quality (removed first).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
WORK="${WORK:-data/classes-quality}"
ICONS="${ICONS:-data/icons}"
PER_CLASS="${PER_CLASS:-200}"
WINDOWS=2
EPOCHS="${EPOCHS:-5}"
INPUT="${INPUT:-32}"
HIDDEN="${HIDDEN:-64}"
I2V="${I2V:-./i2v}"
PORT="${PORT:-19192}"
BROKER=localhost:$PORT
OUT="${OUT:-bench/results/quality-classes.md}"

[ -d "$ICONS/classes" ] || datasets/debian-icons.sh "$ICONS"
rm -rf "$WORK" && mkdir -p "$WORK"
# one file per content: themes ship the same picture under several names, and an image's id is its content hash
find "$ICONS/classes" -name '*.png' | sort | xargs md5sum | awk '!seen[$1]++ { print $2 }' > "$WORK/unique.txt"
for dir in "$ICONS"/classes/*/; do
  class="$(basename "$dir")"
  for k in $(seq 8); do mkdir -p "$WORK/set/slice$k/$class"; done
  grep -F "/classes/$class/" "$WORK/unique.txt" | awk -v n="$PER_CLASS" '{ a[NR] = $0 } END { k = NR < n ? NR : n; for (i = 0; i < k; i++) print a[int(i * NR / k) + 1] }' \
    | awk -v d="$WORK/set" -v c="$class" '{ printf "%s\t%s/slice%d/%s/\n", $0, d, NR % 8 + 1, c }' \
    | while IFS=$'\t' read -r src dst; do cp "$src" "$dst"; done
done
IMAGES=$(find "$WORK/set" -name '*.png' | wc -l)
# two windows take 80% of the set: 85% is training (15% holdout), so the second window fills too
WINDOW="${WINDOW:-$(( IMAGES * 40 / 100 ))}"
$I2V --help >/dev/null   # builds on first use
source datasets/broker.sh
start_broker "$I2V" "$WORK" "$PORT"

START=$(date +%s)
for k in $(seq 8); do $I2V crawl dir "$WORK/set/slice$k" -b $BROKER --state-dir "$WORK/crawler"; done
# 15% holdout; a version is judged once it has 80 holdout images
train() { # model-name hidden-units
  $I2V train -b $BROKER --single-label --backbone rgb_hsv --input-size "$INPUT" --window "$WINDOW" --epochs "$EPOCHS" \
    --max-windows "$WINDOWS" --model-store "$WORK/models" --report-dir "$WORK/$1" -s model.name="$1" -s trainer.hidden.units="$2" \
    -s trainer.holdout.percent=15 -s trainer.holdout.min=80 2>&1 | grep -v '^\[' | tail -n 40 || true
}
train classes "$HIDDEN" | tee "$WORK/classes.log"
train classes2d 2 | tee "$WORK/classes2d.log"
SECONDS_TAKEN=$(( $(date +%s) - START ))
MODELS="$($I2V models -b $BROKER)"
LAST=$WINDOWS
RES="$(dirname "$OUT")/quality-classes"
rm -rf "$RES" && mkdir -p "$RES"
cp "$WORK/classes/epoch-curves.png" "$RES/epoch-curves.png"
cp "$WORK/classes/epoch-curves.csv" "$RES/epoch-curves.csv"
cp "$WORK/classes2d/epoch-curves.png" "$RES/epoch-curves-2d.png"
for v in $(seq "$WINDOWS"); do cp "$WORK/classes2d/map-v$v.png" "$RES/map-v$v.png"; done
$I2V mistakes --report-dir "$WORK/classes" --version "$LAST" > "$RES/mistakes-v$LAST.jsonl"
cat > "$OUT" <<MD
# Real images, one class each: Debian icon themes by context

Written by \`PER_CLASS=$PER_CLASS EPOCHS=$EPOCHS INPUT=$INPUT HIDDEN=$HIDDEN datasets/score-classes.sh\` on $(date -u +%Y-%m-%d)
($(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs); crawl and both trainings took ${SECONDS_TAKEN} s).

The set: $IMAGES of the $(find "$ICONS/classes" -name '*.png' | wc -l) PNG icons of six Debian icon themes (datasets/debian-icons.sh;
not openclipart, which is held back), one folder per icon context, the class; at most $PER_CLASS per class,
spread evenly over each folder's sorted names (so over the themes), one file per content (the themes
ship $(( $(find "$ICONS/classes" -name '*.png' | wc -l) - $(wc -l < "$WORK/unique.txt") )) duplicates under other names):
$(for d in "$WORK"/set/slice1/*/; do c="$(basename "$d")"; printf '%s %s, ' "$c" "$(find "$WORK"/set/slice*/"$c" -name '*.png' | wc -l)"; done | sed 's/, $//').
Dealt into 8 slices (every 8th icon of each class), crawled one after the other with \`i2v crawl dir\`
(a folder crawls in sorted order, one class after another: one crawl's window would hold a few classes),
trained with \`i2v train --single-label --backbone rgb_hsv --input-size $INPUT\`: $WINDOWS windows (versions)
of $WINDOW training images, about 4 slices each, $EPOCHS epochs each. 15% of image ids (by hash) are
the holdout, never trained on; every figure is on that holdout. The majority-class baseline always
answers the training window's most common class.

## Accuracy per head, v$LAST (embedding width $HIDDEN)

$(sed -n '/^| head/,/^$/p' "$WORK/classes/classes-v$LAST.md")

Per class, confusion matrix and mistakes of every version: \`$WORK/classes/classes-v<N>.md\`.

$(sed -n '/^## Per class/,/^## Mistakes/p' "$WORK/classes/classes-v$LAST.md" | sed '$d')

## Training and validation curves per epoch (embedding width $HIDDEN)

![curves](quality-classes/epoch-curves.png)

## The learned 2-D map (a 2-unit bottleneck, same network and data), one picture per version

$(for v in $(seq "$WINDOWS"); do echo "![v$v](quality-classes/map-v$v.png)"; done)

Accuracy with the bottleneck, v$LAST:

$(sed -n '/^| head/,/^$/p' "$WORK/classes2d/classes-v$LAST.md")

## Mistakes, v$LAST

\`i2v mistakes --report-dir $WORK/classes --version $LAST\` (all: quality-classes/mistakes-v$LAST.jsonl); the first 15:

\`\`\`
$(head -n 15 "$RES/mistakes-v$LAST.jsonl")
\`\`\`

## i2v models

\`\`\`
$MODELS
\`\`\`
MD
echo "wrote $OUT"
