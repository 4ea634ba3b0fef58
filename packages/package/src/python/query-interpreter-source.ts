/**
 * The Python program svcpack runs once per candidate interpreter (stdlib only, Python 3.8+):
 * it prints one JSON document ({@link InterpreterReport}) with the interpreter's version,
 * its PEP 508 marker values and every distribution importable from its `sys.path`, each with
 * its raw `Requires-Dist` lines and the files it installed (`RECORD`, `installed-files.txt`,
 * or for Debian's egg-info directories only `top_level.txt`). Where one project is installed
 * twice, the copy Python would import wins: earliest `sys.path` entry, `.dist-info` before
 * `.egg-info`. The current directory is dropped from `sys.path` first, so the project's own
 * files never pass for installed packages.
 */
export const QUERY_INTERPRETER_SOURCE = `import importlib.machinery
import json
import os
import platform
import re
import sys

sys.path[:] = [p for p in sys.path if p not in ("", os.getcwd())]

from importlib import metadata  # noqa: E402


def implementation_version():
    info = sys.implementation.version
    version = "{0.major}.{0.minor}.{0.micro}".format(info)
    if info.releaselevel != "final":
        version += info.releaselevel[0] + str(info.serial)
    return version


def normalize(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def read_lines(dist, name):
    text = dist.read_text(name)
    if text is None:
        return None
    return [line.strip() for line in text.splitlines() if line.strip()]


def describe(dist, path):
    meta = os.path.basename(str(path))
    location = os.path.dirname(str(path))
    kind = "dist-info" if meta.endswith(".dist-info") else "egg-info"
    files = None
    top_level = None
    editable = None
    if kind == "dist-info":
        if dist.files is not None:
            files = [str(f) for f in dist.files]
        direct = dist.read_text("direct_url.json")
        if direct:
            try:
                info = json.loads(direct)
                if info.get("dir_info", {}).get("editable"):
                    editable = info.get("url")
            except ValueError:
                pass
    else:
        installed = read_lines(dist, "installed-files.txt")
        if installed is not None and os.path.isdir(str(path)):
            files = [
                os.path.normpath(os.path.join(meta, f)).replace(os.sep, "/")
                for f in installed
            ]
    if files is None:
        top_level = read_lines(dist, "top_level.txt")
    installer = read_lines(dist, "INSTALLER")
    return {
        "name": dist.metadata["Name"],
        "version": dist.version,
        "requires": dist.requires or [],
        "location": location,
        "metadata": meta,
        "kind": kind,
        "files": files,
        "topLevel": top_level,
        "editable": editable,
        "installer": installer[0] if installer else None,
    }


def main():
    order = {os.path.abspath(p): i for i, p in reversed(list(enumerate(sys.path)))}
    chosen = {}
    for dist in metadata.distributions():
        path = getattr(dist, "_path", None)
        if path is None or not dist.metadata or dist.metadata["Name"] is None:
            continue
        path = os.path.abspath(str(path))
        if not path.endswith((".dist-info", ".egg-info")):
            continue
        rank = (
            order.get(os.path.dirname(path), len(order)),
            0 if path.endswith(".dist-info") else 1,
            path,
        )
        key = normalize(dist.metadata["Name"])
        if key not in chosen or rank < chosen[key][0]:
            chosen[key] = (rank, dist, path)
    distributions = [describe(d, p) for _, d, p in sorted(chosen.values(), key=lambda c: c[0])]
    json.dump(
        {
            "executable": sys.executable,
            "prefix": sys.prefix,
            "version": platform.python_version(),
            "cacheTag": sys.implementation.cache_tag,
            "extensionSuffixes": importlib.machinery.EXTENSION_SUFFIXES,
            "stdlibModules": sorted(
                set(getattr(sys, "stdlib_module_names", ())) | set(sys.builtin_module_names)
            ),
            "markers": {
                "implementation_name": sys.implementation.name,
                "implementation_version": implementation_version(),
                "os_name": os.name,
                "platform_machine": platform.machine(),
                "platform_python_implementation": platform.python_implementation(),
                "platform_release": platform.release(),
                "platform_system": platform.system(),
                "platform_version": platform.version(),
                "python_full_version": platform.python_version(),
                "python_version": ".".join(platform.python_version_tuple()[:2]),
                "sys_platform": sys.platform,
            },
            "distributions": distributions,
        },
        sys.stdout,
    )


main()
`;
