#!/usr/bin/env bash
# `make all-pythons`: for every Python 3.11, 3.12 and 3.13 installed (on PATH or under ~/.pyenv/versions), clone
# the committed tree into a fresh folder and run the README's two commands there; print one line per version with
# the times and pytest's closing line. Exits non-zero if any version fails.
set -uo pipefail
repo=$(git rev-parse --show-toplevel)
work=$(mktemp -d "${TMPDIR:-/tmp}/sco-pythons.XXXXXX")
status=0
summary=()
for minor in 3.11 3.12 3.13; do
  python=""
  # the first candidate that runs: on PATH (a pyenv shim may not), then pyenv's own installs
  for candidate in $(command -v "python$minor" 2>/dev/null) $(ls -d "$HOME"/.pyenv/versions/"$minor".*/bin/python"$minor" 2>/dev/null); do
    if "$candidate" -c "import sys" >/dev/null 2>&1; then python=$candidate; break; fi
  done
  if [ -z "$python" ]; then summary+=("python$minor: not installed, skipped"); continue; fi
  clone="$work/py$minor"
  git clone --quiet "$repo" "$clone"
  echo "== $python ($("$python" --version 2>&1)) in $clone"
  start=$(date +%s)
  (cd "$clone" && make report PYTHON="$python") > "$work/report-$minor.log" 2>&1
  report_rc=$?
  mid=$(date +%s)
  (cd "$clone" && make test PYTHON="$python") > "$work/test-$minor.log" 2>&1
  test_rc=$?
  end=$(date +%s)
  tests=$(grep -E "^=+ .*(passed|failed).* in .*=+$" "$work/test-$minor.log" | tail -1 | tr -d '=' | xargs)
  line="python$minor: make report exit $report_rc in $((mid - start)) s; make test exit $test_rc in $((end - mid)) s ($tests)"
  echo "$line"
  summary+=("$line")
  [ "$report_rc" = 0 ] && [ "$test_rc" = 0 ] || status=1
done
echo
printf '%s\n' "${summary[@]}"
echo "logs: $work"
exit $status
