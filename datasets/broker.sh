# Sourced by the scoring scripts: an embedded broker of their own, stopped when the script exits.
#   start_broker I2V DATA_DIR PORT     (the controller listens on PORT + 1; waits up to 60 s for it)
start_broker() {
  "$1" kafka --data-dir "$2/kafka" --port "$3" --controller-port $(($3 + 1)) >"$2/kafka.log" 2>&1 &
  BROKER_PID=$!
  trap 'kill $BROKER_PID 2>/dev/null; wait $BROKER_PID 2>/dev/null || true' EXIT
  for _ in $(seq 60); do grep -q "Kafka is running" "$2/kafka.log" && return 0; sleep 1; done
  echo "the broker did not start in 60 s: see $2/kafka.log" >&2
  return 1
}
