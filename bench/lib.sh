# Helpers shared by bench/run.sh and bench/observe-ab.sh (sourced, not run).

port_open() { (exec 3<>/dev/tcp/127.0.0.1/"$1") 2>/dev/null; }

wait_port() { # port pid seconds: until the port accepts, the process dies, or time is up
  for _ in $(seq 1 $(($3 * 10))); do
    port_open "$1" && return 0
    kill -0 "$2" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}

client_key() { # port admin-key metered(0|1) -> prints a new client key (funded account's when metered)
  local port=$1 admin=$2 metered=$3 account body='{"name":"bench"}'
  if [[ "$metered" == 1 ]]; then # the product path: an account's key, held and charged per request
    account=$(curl -s -XPOST "http://127.0.0.1:$port/admin/v1/accounts" -H "Authorization: Bearer $admin" \
        -d '{"name":"bench"}' | sed -nE 's/.*"id":"([^"]+)".*/\1/p')
    curl -s -o /dev/null -XPOST "http://127.0.0.1:$port/admin/v1/accounts/$account/credits" \
        -H "Authorization: Bearer $admin" -d '{"amount":"1000000","reference":"bench"}'
    body="{\"name\":\"bench\",\"account_id\":\"$account\"}"
  fi
  curl -s -XPOST "http://127.0.0.1:$port/admin/v1/keys" -H "Authorization: Bearer $admin" \
      -H 'content-type: application/json' -d "$body" | sed -nE 's/.*"key":"([^"]+)".*/\1/p'
}
