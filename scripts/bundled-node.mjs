#!/usr/bin/env node
// Node 24 for machines whose Node is older than the app supports (package.json `engines`).
// Run by `npm install` (postinstall): when the installing Node is too old, it installs the npm
// registry's `node` package (the official binary and its headers) into node_modules/.seed-node
// and links it as node_modules/.bin/node. npm puts node_modules/.bin first in PATH for every
// `npm run`, so each script, and every process they start, then runs on that Node. A machine with
// a supported Node installs nothing and keeps its own.
// Imported by the entry scripts too: started by hand with an old Node, they run again on the
// bundled one (or say how to get it).
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, realpathSync, rmSync, symlinkSync } from "node:fs";
import { dirname, join, relative } from "node:path";

export const BUNDLED_NODE_VERSION = "24.21.0";
const MINIMUM_MAJOR = 22;

const root = join(import.meta.dirname, "..");
const prefix = join(root, "node_modules", ".seed-node");
const link = join(root, "node_modules", ".bin", "node");
const installed = join(prefix, "node_modules", "node", "bin", "node");

export const nodeIsSupported = (version = process.versions.node) => Number(version.split(".")[0]) >= MINIMUM_MAJOR;

/** Installs the bundled Node and links it; a no-op where the running Node is supported. */
function install() {
  if (nodeIsSupported()) return;
  console.log(
    `seed: Node ${process.versions.node} is older than ${MINIMUM_MAJOR}: installing Node ${BUNDLED_NODE_VERSION} from the npm registry into node_modules/.seed-node`,
  );
  if (!existsSync(installed)) {
    mkdirSync(prefix, { recursive: true });
    // npm_execpath: the npm running this install; `node` picks its platform's binary package itself.
    const npm = process.env.npm_execpath ? [process.execPath, process.env.npm_execpath] : ["npm"];
    const result = spawnSync(
      npm[0],
      [
        ...npm.slice(1),
        "install",
        "--prefix",
        prefix,
        "--no-save",
        "--no-package-lock",
        "--no-audit",
        "--no-fund",
        "--ignore-scripts=false",
        `node@${BUNDLED_NODE_VERSION}`,
      ],
      { stdio: "inherit" },
    );
    if (result.status !== 0 || !existsSync(installed)) {
      console.error(`seed: installing Node ${BUNDLED_NODE_VERSION} failed; install Node ${MINIMUM_MAJOR} or newer yourself and run npm install again`);
      process.exit(1);
    }
  }
  rmSync(link, { force: true });
  mkdirSync(dirname(link), { recursive: true });
  symlinkSync(relative(dirname(link), installed), link);
  const check = spawnSync(link, ["-v"], { encoding: "utf8" });
  console.log(`seed: node_modules/.bin/node is Node ${check.stdout.trim()}; npm run scripts use it`);
}

/**
 * Called first by the entry scripts: on an old Node, runs the same command again on the bundled
 * one, with it first in PATH so that every process started from there uses it too.
 */
export function requireSupportedNode() {
  if (nodeIsSupported()) return;
  if (!existsSync(link) || realpathSync(link) === realpathSync(process.execPath)) {
    console.error(
      `seed: this needs Node ${MINIMUM_MAJOR} or newer (this is ${process.versions.node}); run npm install, which brings Node ${BUNDLED_NODE_VERSION}, or install a newer Node`,
    );
    process.exit(1);
  }
  const env = { ...process.env, PATH: `${dirname(link)}:${process.env.PATH ?? ""}` };
  const child = spawn(link, [...process.execArgv, ...process.argv.slice(1)], { stdio: "inherit", env });
  for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
  // Nothing else of the calling script may run: it waits here until the child exits.
  return new Promise(() => {});
}

if (process.argv[1] === import.meta.filename) install();
