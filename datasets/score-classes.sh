#!/usr/bin/env bash
# Single-label figures on real images: Debian's icon themes as class folders (the icon's context:
# actions, apps, devices, ...; datasets/debian-icons.sh), crawled with `i2v crawl dir` and trained by
# `i2v train --single-label` on the two-branch RGB+HSV network twice: once with a normal embedding
# (RGB, HS and fused accuracy against the majority-class baseline) and once with a 2-unit bottleneck
# (the learned 2-D map). Every figure is on the trainer's holdout. Writes bench/results/quality-classes.md.
#   datasets/score-classes.sh                  # defaults below; EPOCHS=6 INPUT=48 ... to change them
# Runs its own broker on ports 19192/19193 with data under data/classes-quality (removed first).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
WORK="${WORK:-data/classes-quality}"
ICONS="${ICONS:-data/icons}"
WINDOW="${WINDOW:-2800}"
WINDOWS="${WINDOWS:-2}"
EPOCHS="${EPOCHS:-4}"
INPUT="${INPUT:-32}"
HIDDEN="${HIDDEN:-64}"
I2V="${I2V:-./i2v}"
PORT="${PORT:-19192}"
BROKER=localhost:$PORT
OUT="${OUT:-bench/results/quality-classes.md}"

[ -d "$ICONS/classes" ] || datasets/debian-icons.sh "$ICONS"
rm -rf "$WORK" && mkdir -p "$WORK"
$I2V --help >/dev/null   # builds on first use
$I2V kafka --data-dir "$WORK/kafka" --port "$PORT" --controller-port $((PORT + 1)) >"$WORK/kafka.log" 2>&1 &
KAFKA=$!
trap 'kill $KAFKA 2>/dev/null; wait $KAFKA 2>/dev/null || true' EXIT
for _ in $(seq 60); do grep -q "Kafka is running" "$WORK/kafka.log" && break; sleep 1; done

START=$(date +%s)
$I2V crawl dir "$ICONS/classes" -b $BROKER --state-dir "$WORK/crawler"
# 15% holdout (about 1,000 images); the per-epoch training curve is measured on up to holdout.max training images
train() { # model-name hidden-units
  $I2V train -b $BROKER --single-label --backbone rgb_hsv --input-size "$INPUT" --window "$WINDOW" --epochs "$EPOCHS" \
    --max-windows "$WINDOWS" --model-store "$WORK/models" --report-dir "$WORK/$1" -s model.name="$1" -s trainer.hidden.units="$2" \
    -s trainer.holdout.percent=15 -s trainer.holdout.min=500 -s trainer.holdout.max=1200 2>&1 | grep -v '^\[' | tail -n 40 || true
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

Written by \`WINDOW=$WINDOW WINDOWS=$WINDOWS EPOCHS=$EPOCHS INPUT=$INPUT HIDDEN=$HIDDEN datasets/score-classes.sh\` on $(date -u +%Y-%m-%d)
($(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs); crawl and both trainings took ${SECONDS_TAKEN} s).

The set: $(find "$ICONS/classes" -name '*.png' | wc -l) PNG icons of six Debian icon themes (datasets/debian-icons.sh; not
openclipart, which is held back), one folder per icon context, the class:
$(for d in "$ICONS"/classes/*/; do printf '%s %s, ' "$(basename "$d")" "$(find "$d" -name '*.png' | wc -l)"; done | sed 's/, $//').
Crawled with \`i2v crawl dir\`, trained with \`i2v train --single-label --backbone rgb_hsv --input-size $INPUT\`:
$WINDOWS windows of $WINDOW training images, $EPOCHS epochs each; 15% of image ids (by hash) are the holdout,
never trained on. Every figure is on that holdout. The majority-class baseline always answers the
training window's most common class.

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
