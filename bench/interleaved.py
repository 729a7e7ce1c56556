#!/usr/bin/env python3
"""Times commands interleaved: A, B, C, A, B, C, ... so that load drifts on a shared machine hit every
command alike, and prints each command's median wall time and its ratio to the first command.

Each run is one process started directly (posix_spawn, no shell), its output thrown away; a command
that fails stops the measurement. Used for before/after comparisons of `profile` builds
(docs/performance.md), where hyperfine's one-command-after-another order lets a busy minute decide.

Usage: bench/interleaved.py [--rounds N] [--warmup N] 'cmd one' 'cmd two' ...
"""
import argparse
import os
import shlex
import statistics
import sys
import time


def run_once(argv, devnull):
    start = time.perf_counter_ns()
    pid = os.posix_spawn(argv[0], argv, os.environ,
                         file_actions=[(os.POSIX_SPAWN_DUP2, devnull, 1)])
    _, status = os.waitpid(pid, 0)
    elapsed = time.perf_counter_ns() - start
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        sys.exit(f"interleaved.py: exit {code}: {shlex.join(argv)}")
    return elapsed / 1e6


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=300, help="runs of each command (default 300)")
    parser.add_argument("--warmup", type=int, default=10, help="untimed runs of each command first (default 10)")
    parser.add_argument("commands", nargs="+", help="a command line each (split like a shell, no expansion)")
    args = parser.parse_args()
    argvs = []
    for command in args.commands:
        argv = shlex.split(command)
        if os.sep not in argv[0]:
            found = next((os.path.join(d, argv[0]) for d in os.environ.get("PATH", "").split(os.pathsep)
                          if os.access(os.path.join(d, argv[0]), os.X_OK)), None)
            if found is None:
                sys.exit(f"interleaved.py: not found: {argv[0]}")
            argv[0] = found
        argvs.append(argv)
    times = [[] for _ in argvs]
    with open(os.devnull, "wb") as null:
        devnull = null.fileno()
        for _ in range(args.warmup):
            for argv in argvs:
                run_once(argv, devnull)
        for _ in range(args.rounds):
            for i, argv in enumerate(argvs):
                times[i].append(run_once(argv, devnull))
    first = statistics.median(times[0])
    print(f"| command | median ms | × first |")
    print(f"|---|---:|---:|")
    for command, samples in zip(args.commands, times):
        median = statistics.median(samples)
        print(f"| `{command}` | {median:.2f} | {median / first:.2f} |")
    print(f"({args.rounds} interleaved rounds after {args.warmup} warm-up rounds, {os.cpu_count()} cores, "
          f"load {os.getloadavg()[0]:.2f})")


if __name__ == "__main__":
    main()
