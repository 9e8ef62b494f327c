#!/usr/bin/env bash
# Whole-process throughput of `frontline score --batch`: 1,000,000 replies, JSON out.
# Usage: benches/score-batch.sh   (builds the release binary first)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
file="${TMPDIR:-/tmp}/frontline-million-replies.txt"
replies=(
  "I'm so sorry about the delay, I will refund you within 3 working days."
  "Thanks for waiting! Is there anything else I can help with?"
  "calm down, that's the policy"
  "Please send your order number so I can check it for you."
  "I understand how frustrating this is. Let me arrange a replacement today."
  "Your parcel is with the courier and should arrive tomorrow before 17.00."
  "We cannot do anything about it."
  "I've sent the confirmation email; you'll get the refund of Rp 450.000 within 24 hours."
)
if [ ! -s "$file" ]; then
  for ((i = 0; i < 125000; i++)); do printf '%s\n' "${replies[@]}"; done > "$file"
fi
lines=$(wc -l < "$file")
start=$(date +%s.%N)
"${CARGO_TARGET_DIR:-target}"/release/frontline score --locale en --batch "$file" > /dev/null
end=$(date +%s.%N)
awk -v n="$lines" -v s="$start" -v e="$end" 'BEGIN { t = e - s; printf "%d replies in %.2f s: %.0f replies/s\n", n, t, n / t }'
