#!/usr/bin/env bash
# Runs `molecule test` for each scenario of $SCENARIOS in turn, and the scenarios of
# $SIDE_SCENARIOS in turn in the background beside them, then prints one summary that ends the
# output: CI shows only the last lines, and they must say which scenario failed and why.
# Every scenario's whole output is kept in $REPORTS/molecule-<scenario>.log.
set -uo pipefail

reports=${REPORTS:-build/reports}
read -r -a main_scenarios <<<"${SCENARIOS:-}"
read -r -a side_scenarios <<<"${SIDE_SCENARIOS:-}"
mkdir -p "$reports"

# Passes molecule's output through, noting when each step starts and ends (epoch seconds
# and the line) in $reports/molecule-<scenario>.steps. An Ansible callback would time the
# playbooks too, but its lines would reach the tests that read ansible-playbook's output.
stamp_steps() {
    local line
    : >"$reports/molecule-$1.steps"
    while IFS= read -r line || [ -n "$line" ]; do
        printf '%s\n' "$line"
        case $line in
            *"[$1 > "*"] Executing"* | *"[$1 > "*"] Executed"*) printf '%s %s\n' "$(date +%s)" "$line" >>"$reports/molecule-$1.steps" ;;
        esac
    done
}

run_scenario() {
    local scenario=$1 started=$SECONDS status
    PYTHONUNBUFFERED=1 molecule test --scenario-name "$scenario" 2>&1 | stamp_steps "$scenario" >"$reports/molecule-$scenario.log"
    status=${PIPESTATUS[0]}
    echo "$status $((SECONDS - started))" >"$reports/molecule-$scenario.result"
}

# The side scenarios run one after the other, beside the main ones: two labs at once is what
# 2 cores carry, a third one slows every scenario more than it saves.
for scenario in "${side_scenarios[@]}"; do
    rm -f "$reports/molecule-$scenario.result"
done
(for scenario in "${side_scenarios[@]}"; do run_scenario "$scenario"; done) &

# A failed scenario does not stop the next one: one CI run then reports every failure.
for scenario in "${main_scenarios[@]}"; do
    rm -f "$reports/molecule-$scenario.result"
    started=$SECONDS
    PYTHONUNBUFFERED=1 molecule test --scenario-name "$scenario" 2>&1 | stamp_steps "$scenario" | tee "$reports/molecule-$scenario.log"
    echo "${PIPESTATUS[0]} $((SECONDS - started))" >"$reports/molecule-$scenario.result"
done
wait

for scenario in "${side_scenarios[@]}"; do
    echo "=== molecule test --scenario-name $scenario (ran beside the others) ==="
    cat "$reports/molecule-$scenario.log"
done

# The lines that say why: Ansible's failed tasks, molecule's errors, pytest's failed
# tests, then the first lines of pytest's explanations.
why() {
    { grep -E '^(FAILED|ERROR) |fatal: |CRITICAL|Traceback' "$1" | head -n 6
      grep -E '^E   ' "$1" | head -n 4; } | cut -c1-400 | sed 's/^/    /'
}
# The second converge of molecule's idempotence step: its wall time, how many tasks ran
# (skipped ones are not shown), the hosts' changed counts (all 0, or the step failed) and
# each host's ok count (the tasks that ran on it).
idempotence() {
    local seconds
    seconds=$(awk '/> idempotence\] Executing/ { start = $1 } /> idempotence\] Executed/ { print $1 - start }' \
        "$reports/molecule-$1.steps" 2>/dev/null)
    sed -n "/\[$1 > idempotence\] Executing/,/\[$1 > idempotence\] Executed/p" "$reports/molecule-$1.log" |
        awk -v scenario="$1" -v seconds="${seconds:-?}" '
        /^TASK \[/ { tasks++ }
        /^[^ ]+ +: ok=[0-9]+ +changed=[0-9]+/ { ok = $3; sub(/ok=/, "", ok); sub(/changed=/, "", $4)
                                                 changed = changed " " $1 "=" $4; done = done " " $1 "=" ok }
        END { if (tasks) printf "%s: the idempotence converge took %s s wall, %d tasks run, changed:%s; tasks ok per host:%s\n",
                                scenario, seconds, tasks, changed, done }'
}
overall=0
echo "=== molecule summary (whole logs in $reports/) ==="
for scenario in "${main_scenarios[@]}" "${side_scenarios[@]}"; do
    read -r status elapsed <"$reports/molecule-$scenario.result" || { status=missing elapsed=0; }
    if [ "$status" = 0 ]; then
        printf '%-8s passed  %dm%02ds\n' "$scenario" $((elapsed / 60)) $((elapsed % 60))
        idempotence "$scenario" | tee -a "$reports/idempotence.txt" | sed 's/^/    /'
        continue
    fi
    overall=1
    printf '%-8s FAILED  %dm%02ds (exit %s)\n' "$scenario" $((elapsed / 60)) $((elapsed % 60)) "$status"
    why "$reports/molecule-$scenario.log"
done
exit $overall
