"""Record what torch really does with every corpus program: test/fixtures/corpus.json.

Run with Debian's torch:  /usr/bin/python3 scripts/gen_corpus_fixtures.py

Each program runs in its own forked child (torch is imported once, in the parent) after an AST
rewrite that keeps every line number: after each assignment statement a recorder call reads back
the targets, and the argument of `print(E.shape)` / `print(E.size())` becomes `probe(E)`, so the
shape a comment under the print talks about is the shape torch printed. The JSON layout is the
contract the engine's vitest reads; test/corpus/README.md describes it.
"""

import ast
import hashlib
import io
import json
import multiprocessing
import os
import random
import re
import sys
import tokenize
import traceback
import warnings

import torch
from torch import nn
from torch.nn.parameter import is_lazy

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURE = os.path.join("test", "fixtures", "corpus.json")
KINDS = ("valid", "buggy", "comments")
# The two examples are part of the corpus, read from where users see them.
EXAMPLES = (("examples/tutorial.py", "comments"), ("examples/lenet.py", "valid"))
# A buggy program must fail the way a shape mistake fails, not with a typo in the corpus itself.
SHAPE_ERROR_TYPES = ("RuntimeError", "ValueError", "IndexError")
PROGRAM_TIMEOUT_S = 60

RECORD = "__convlens_record__"
PROBE = "__convlens_probe__"
REGISTER_CLASS = "__convlens_register_class__"
ASSIGNMENTS = (ast.Assign, ast.AugAssign, ast.AnnAssign)


def target_names(target):
    """Names of the assignment targets that get a shape entry, as written in the source."""
    if isinstance(target, ast.Name):
        return [target.id]
    if isinstance(target, ast.Attribute) and dotted(target):
        return [ast.unparse(target)]
    if isinstance(target, (ast.Tuple, ast.List)):
        return [name for element in target.elts for name in target_names(element)]
    if isinstance(target, ast.Starred):
        return target_names(target.value)
    return []  # subscripts: `x[0] = ...` changes a tensor, it names none


def dotted(node):
    while isinstance(node, ast.Attribute):
        node = node.value
    return isinstance(node, ast.Name)


def assignment_targets(statement):
    if isinstance(statement, ast.Assign):
        return statement.targets
    if isinstance(statement, ast.AnnAssign) and statement.value is None:
        return []  # a bare annotation binds nothing
    return [statement.target]


def printed_shape_operand(statement):
    """`E` in a statement `print(E.shape)` or `print(E.size())`, else None."""
    if not (isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Call)):
        return None
    call = statement.value
    if not (isinstance(call.func, ast.Name) and call.func.id == "print" and len(call.args) == 1 and not call.keywords):
        return None
    argument = call.args[0]
    if isinstance(argument, ast.Attribute) and argument.attr == "shape":
        return argument
    if (isinstance(argument, ast.Call) and isinstance(argument.func, ast.Attribute) and argument.func.attr == "size"
            and not argument.args and not argument.keywords):
        return argument.func
    return None


def helper_call(name, *arguments, at):
    call = ast.Expr(ast.Call(ast.Name(name, ast.Load()), list(arguments), []))
    return ast.fix_missing_locations(ast.copy_location(call, at))


class Instrumenter(ast.NodeTransformer):
    """Adds the recorder calls; original statements keep their positions."""

    def generic_visit(self, node):
        for field, value in ast.iter_fields(node):
            if isinstance(value, list) and value and isinstance(value[0], ast.stmt):
                setattr(node, field, self.instrument_block(value))
            elif isinstance(value, list):
                for item in value:
                    if isinstance(item, ast.AST):
                        self.visit(item)
            elif isinstance(value, ast.AST):
                self.visit(value)
        return node

    def instrument_block(self, statements):
        block = []
        for statement in statements:
            self.visit(statement)
            block.append(statement)
            if isinstance(statement, ASSIGNMENTS):
                names = [n for t in assignment_targets(statement) for n in target_names(t)]
                if names:
                    pairs = [ast.Tuple([ast.Constant(n), ast.parse(n, mode="eval").body], ast.Load()) for n in names]
                    block.append(helper_call(RECORD, ast.Constant(statement.lineno), *pairs, at=statement))
            elif isinstance(statement, ast.ClassDef):
                block.append(helper_call(REGISTER_CLASS, ast.Name(statement.name, ast.Load()),
                                         ast.Constant(statement.lineno), at=statement))
            operand = printed_shape_operand(statement)
            if operand is not None:
                operand.value = ast.copy_location(
                    ast.Call(ast.Name(PROBE, ast.Load()), [ast.Constant(statement.lineno), operand.value], []),
                    operand.value)
        return block


# ---------------------------------------------------------------------------------------------
# Shape comments


NUMBER_OR_NAME = r"\s*(?:\d+|[A-Za-z_]\w*)\s*"
BRACKETED = rf"(?:\[(?:{NUMBER_OR_NAME}(?:,{NUMBER_OR_NAME})*,?)?\s*\]|\((?:{NUMBER_OR_NAME}(?:,{NUMBER_OR_NAME})*,?)?\s*\))"
SHAPE_COMMENT = re.compile(rf"^#\s*(?:->\s*|shape:\s*)?(?:torch\.Size\(\s*(?P<size>{BRACKETED})\s*\)|(?P<plain>{BRACKETED}))\s*$")


def stated_shape(comment):
    """The dims a shape comment states (ints, or strings for named dims), or None for other comments."""
    match = SHAPE_COMMENT.match(comment)
    if not match:
        return None
    body = (match.group("size") or match.group("plain"))[1:-1]
    return [int(d) if d.isdigit() else d for d in (part.strip() for part in body.split(",")) if d]


def contradicts(stated, actual):
    """A named dim stands for any size, but for the same size wherever it appears."""
    if len(stated) != len(actual):
        return True
    bound = {}
    for said, real in zip(stated, actual):
        if isinstance(said, int):
            if said != real:
                return True
        elif bound.setdefault(said, real) != real:
            return True
    return False


def shape_comment_subjects(source, tree):
    """(comment line, stated dims, subject, statement line, target name) for each shape comment that
    describes a tensor: subject 'assign' (the one target of the assignment it trails) or 'print'."""
    simple = {}  # line -> the single-line simple statements on it
    ends = {}  # end line -> the innermost statement ending there
    for node in ast.walk(tree):
        if isinstance(node, ast.stmt):
            if node.end_lineno not in ends or node.lineno > ends[node.end_lineno].lineno:
                ends[node.end_lineno] = node
            if node.lineno == node.end_lineno and not hasattr(node, "body"):
                simple.setdefault(node.lineno, []).append(node)
    subjects = []
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type != tokenize.COMMENT:
            continue
        stated = stated_shape(token.string)
        if stated is None:
            continue
        line = token.start[0]
        own_line = token.line[: token.start[1]].strip() == ""
        if own_line:
            statement = ends.get(line - 1)
        else:  # a comment after `a = f(x); b = g(a)` would not say which statement it is about
            statement = simple[line][0] if len(simple.get(line, [])) == 1 else None
        if statement is None:
            continue
        if not own_line and isinstance(statement, ASSIGNMENTS):
            targets = assignment_targets(statement)
            # `a, b = ...  # [2, 3]` and `a = b = ...` do not say which target they describe
            if len(targets) == 1 and isinstance(targets[0], (ast.Name, ast.Attribute)) and target_names(targets[0]):
                subjects.append((line, stated, "assign", statement.lineno, target_names(targets[0])[0]))
        elif printed_shape_operand(statement) is not None:
            subjects.append((line, stated, "print", statement.lineno, None))
    return subjects


# ---------------------------------------------------------------------------------------------
# Running one program (in a forked child)


def shape_of(value):
    if isinstance(value, torch.Tensor) and not is_lazy(value):
        return list(value.shape)
    return None


COMPREHENSIONS = ("<listcomp>", "<dictcomp>", "<setcomp>", "<genexpr>")


def scope_of(code):
    """Python's qualified name of a frame's function; a comprehension's frame belongs to its function."""
    parts = code.co_qualname.split(".")
    while parts and parts[-1] in COMPREHENSIONS:
        parts.pop()
        if parts and parts[-1] == "<locals>":
            parts.pop()
    return ".".join(parts) or "<module>"


def innermost_statement_line(tree, line):
    """First line of the innermost statement containing `line` (a multi-line call raises on an inner line)."""
    best = None
    for node in ast.walk(tree):
        if isinstance(node, ast.stmt) and node.lineno <= line <= node.end_lineno:
            if best is None or node.lineno >= best.lineno and node.end_lineno <= best.end_lineno:
                best = node
    return best.lineno if best is not None else line


class Recorder:
    """What one program's run left behind: tensor shapes per assignment and per print, and modules."""

    def __init__(self):
        self.shapes = {}  # (line, name, scope) -> [shape, ...]
        self.printed = {}  # line of `print(E.shape)` -> [shape of E, ...]
        self.instances = []  # (class, class line, module) in the order their __init__ finished

    def record(self, line, *pairs):
        try:
            scope = scope_of(sys._getframe(1).f_code)
            for name, value in pairs:
                shape = shape_of(value)
                if shape is not None:
                    self.shapes.setdefault((line, name, scope), []).append(shape)
        except Exception:  # the recorder must never change what the program does
            pass

    def probe(self, line, value):
        shape = shape_of(value)
        if shape is not None:
            self.printed.setdefault(line, []).append(shape)
        return value

    def register_class(self, cls, line):
        if not (isinstance(cls, type) and issubclass(cls, nn.Module)):
            return
        constructor = cls.__init__
        instances = self.instances

        def init_and_remember(module, *args, **kwargs):
            constructor(module, *args, **kwargs)
            if type(module) is cls:  # a subclass's own wrapper records it
                instances.append((cls, line, module))

        cls.__init__ = init_and_remember

    def shape_entries(self):
        entries = []
        for (line, name, scope), values in sorted(self.shapes.items()):
            entry = {"line": line, "name": name, "scope": scope, "shape": values[-1]}
            if len(values) > 1:
                entry["history"] = values
            entries.append(entry)
        return entries

    def module_entries(self):
        entries = {}
        for cls, line, module in self.instances:
            if any(is_lazy(p) for p in module.parameters()):
                continue  # a lazy module that never saw an input has no parameter count yet
            params = sum(p.numel() for p in module.parameters())
            entry = entries.setdefault(cls, {"name": cls.__name__, "line": line, "params": params, "history": []})
            entry["params"] = params
            entry["history"].append(params)
        for entry in entries.values():
            if len(entry["history"]) < 2:
                del entry["history"]
        return list(entries.values())

    def comment_entries(self, source, tree):
        entries = []
        for comment_line, stated, subject, statement_line, name in shape_comment_subjects(source, tree):
            if subject == "assign":
                values = next((v for (l, n, _), v in self.shapes.items() if l == statement_line and n == name), None)
            else:
                values = self.printed.get(statement_line)
            entries.append({
                "line": comment_line,
                "stated": stated,
                "actual": values[-1] if values else None,
                "wrong": any(contradicts(stated, v) for v in values) if values else None,
            })
        return entries


def execute(code, path, tree, recorder):
    """Runs the instrumented program as `python path` would; returns where and how it failed, or None."""
    namespace = {"__name__": "__main__", "__file__": path, "__builtins__": __builtins__,
                 RECORD: recorder.record, PROBE: recorder.probe, REGISTER_CLASS: recorder.register_class}
    torch.manual_seed(0)
    random.seed(0)
    sys.argv = [path]
    sys.path.insert(0, os.path.dirname(path))  # the program's own imports resolve beside it
    stdout = sys.stdout
    sys.stdout = open(os.devnull, "w")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            exec(code, namespace)
    except Exception as exc:  # noqa: BLE001 - the error is the fixture
        own = [(frame, line) for frame, line in traceback.walk_tb(exc.__traceback__) if frame.f_code.co_filename == path]
        frame, line = own[-1] if own else (None, None)
        return {
            "line": innermost_statement_line(tree, line) if frame else None,
            "scope": scope_of(frame.f_code) if frame else None,
            "type": type(exc).__name__,
            "message": str(exc),
        }
    finally:
        sys.stdout.close()
        sys.stdout = stdout
    return None


def run_program(job):
    relative, kind = job
    path = os.path.join(ROOT, relative)
    with open(path, "rb") as handle:
        raw = handle.read()
    source = raw.decode("utf-8")
    tree = ast.parse(source, filename=path)
    instrumented = Instrumenter().visit(ast.parse(source, filename=path))
    code = compile(ast.fix_missing_locations(instrumented), path, "exec")
    recorder = Recorder()
    error = execute(code, path, tree, recorder)
    return {
        "path": relative,
        "kind": kind,
        "sha1": hashlib.sha1(raw).hexdigest(),
        "shapes": recorder.shape_entries(),
        "error": error,
        "modules": recorder.module_entries(),
        "comments": recorder.comment_entries(source, tree),
    }


# ---------------------------------------------------------------------------------------------
# The corpus as a whole


def corpus_jobs():
    jobs = list(EXAMPLES)
    for kind in KINDS:
        folder = os.path.join(ROOT, "test", "corpus", kind)
        jobs += [(f"test/corpus/{kind}/{name}", kind) for name in sorted(os.listdir(folder)) if name.endswith(".py")]
    return jobs


def problems_of(program):
    """What makes a program unfit to be truth: the corpus, not torch, would be wrong."""
    problems = []
    error = program["error"]
    if program["kind"] == "buggy":
        if error is None:
            problems.append("buggy program raised nothing")
        elif error["type"] not in SHAPE_ERROR_TYPES or error["line"] is None:
            problems.append(f"raised {error['type']} outside a shape error: {error['message']}")
    elif error is not None:
        problems.append(f"raised {error['type']} at line {error['line']}: {error['message']}")
    for comment in program["comments"]:
        if comment["actual"] is None:
            problems.append(f"shape comment on line {comment['line']} describes no tensor that ran")
        elif comment["wrong"] and program["kind"] == "valid":
            problems.append(f"valid program has a wrong shape comment on line {comment['line']}")
    if program["kind"] == "comments" and not program["comments"]:
        problems.append("comments program has no shape comment")
    return problems


def dump(document):
    """One program entry per block, one shape per line: reviewable diffs when torch changes."""
    lines = ["{", f'  "torch": {json.dumps(document["torch"])},', '  "programs": [']
    for index, program in enumerate(document["programs"]):
        lines.append("    {")
        fields = list(program.items())
        for position, (key, value) in enumerate(fields):
            comma = "," if position < len(fields) - 1 else ""
            if isinstance(value, list) and value:
                lines.append(f'      "{key}": [')
                lines += [f"        {json.dumps(item)}" + ("," if i < len(value) - 1 else "") for i, item in enumerate(value)]
                lines.append(f"      ]{comma}")
            else:
                lines.append(f'      "{key}": {json.dumps(value)}{comma}')
        lines.append("    }" + ("," if index < len(document["programs"]) - 1 else ""))
    lines += ["  ]", "}", ""]
    return "\n".join(lines)


def main():
    jobs = corpus_jobs()
    with multiprocessing.get_context("fork").Pool(os.cpu_count() or 2, maxtasksperchild=1) as pool:
        pending = [pool.apply_async(run_program, (job,)) for job in jobs]
        programs = [result.get(timeout=PROGRAM_TIMEOUT_S) for result in pending]

    failures = []
    print(f"{'program':<52} {'kind':<9} {'shapes':>6} {'modules':>7} {'wrong':>5}  error")
    for program in programs:
        error = program["error"]
        wrong = sum(1 for c in program["comments"] if c["wrong"])
        described = f"{error['type']} at {error['line']} ({error['scope']})" if error else "-"
        print(f"{program['path']:<52} {program['kind']:<9} {len(program['shapes']):>6} {len(program['modules']):>7} {wrong:>5}  {described}")
        failures += [f"{program['path']}: {p}" for p in problems_of(program)]

    tutorial = next(p for p in programs if p["path"] == "examples/tutorial.py")
    flagged = [(c["line"], c["actual"]) for c in tutorial["comments"] if c["wrong"]]
    if flagged != [(14, [1, 3, 28, 28]), (47, [1, 3, 21, 21]), (50, [1, 3, 21, 21])]:
        failures.append(f"examples/tutorial.py: expected exactly its three wrong comments, got {flagged}")

    counts = {kind: sum(1 for p in programs if p["kind"] == kind) for kind in KINDS}
    print(f"\n{len(programs)} programs: " + ", ".join(f"{n} {kind}" for kind, n in counts.items())
          + f"; {sum(len(p['shapes']) for p in programs)} shape entries")
    if failures:
        print("\nThe corpus is not fit to be truth:\n  " + "\n  ".join(failures), file=sys.stderr)
        sys.exit(1)
    document = {"torch": torch.__version__.split("a")[0].split("+")[0], "programs": programs}
    with open(os.path.join(ROOT, FIXTURE), "w", encoding="utf-8") as handle:
        handle.write(dump(document))
    print(f"wrote {FIXTURE}")


if __name__ == "__main__":
    main()
