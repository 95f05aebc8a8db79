#!/usr/bin/env python3
"""Writes invoker.properties from fixes.txt: for each line, the failing run, then the run with the fix."""
import pathlib

here = pathlib.Path(__file__).parent
out = ["# Generated from fixes.txt by generate.py (verify.groovy checks they agree): each pair runs the",
       "# failing build, then the same build with the fix its message suggests."]
run = 1
for line in (here / "fixes.txt").read_text().splitlines():
    if not line.strip() or line.startswith("#"):
        continue
    fields = [f.strip() for f in line.split("|")]
    goals, fix = fields[0], fields[2]
    env = dict(v.split("=", 1) for v in (fields[3].split() if len(fields) > 3 else []))
    fix_env = dict(t[4:].split("=", 1) for t in fix.split() if t.startswith("env:"))
    fix_args = " ".join(t for t in fix.split() if not t.startswith("env:"))
    fixed = goals if not fix_args else (f"{fix_args} {goals}" if fix_args.startswith("cicd:") else f"{goals} {fix_args}")
    for goal_line, variables, fails in ((goals, env, True), (fixed, {**env, **fix_env}, False)):
        out.append(f"invoker.goals.{run} = -B {goal_line}")
        if fails:
            out.append(f"invoker.buildResult.{run} = failure")
        out += [f"invoker.environmentVariables.{k}.{run} = {v}" for k, v in variables.items()]
        run += 1
(here / "invoker.properties").write_text("\n".join(out) + "\n")
