"""Counts what a schemathesis run sent from its NDJSON report: cases, answers by status, 5xx.

Exits 1 when the run sent nothing or any answer was a 5xx, so that fuzz.sh cannot pass on a
run that tested nothing.
"""

import collections
import json
import sys


def main(report_path: str) -> int:
    statuses: collections.Counter = collections.Counter()
    failed_checks = 0
    with open(report_path, encoding="utf-8") as report:
        for line in report:
            event = json.loads(line)
            recorder = event.get("ScenarioFinished", {}).get("recorder") or {}
            for interaction in recorder.get("interactions", {}).values():
                statuses[(interaction.get("response") or {}).get("status_code", "no response")] += 1
            for results in recorder.get("checks", {}).values():
                failed_checks += sum(result["status"] == "failure" for result in results)
    cases = sum(statuses.values())
    server_errors = sum(count for status, count in statuses.items() if isinstance(status, int) and status >= 500)
    by_status = ", ".join(f"{status}: {count}" for status, count in sorted(statuses.items(), key=str))
    print(f"fuzz cases run: {cases} ({by_status})")
    print(f"5xx found: {server_errors}")
    print(f"failed checks: {failed_checks}")
    return 1 if cases == 0 or server_errors > 0 else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
