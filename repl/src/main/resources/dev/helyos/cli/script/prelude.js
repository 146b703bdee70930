// Sets up a script's globals. Evaluates to a function that JsSession calls once with:
//   call(path, argsJson) -> answerJson   the host's function dispatcher
//   pathsJson                            the host functions' dotted paths, e.g. "helyos.tokens.list"
//   argsJson, envJson                    the script's arguments and a copy of the environment
// and that returns toJson(value): JSON text, or undefined for what JSON cannot hold.
(function (call, pathsJson, argsJson, envJson) {
  'use strict';

  class HelyosError extends Error {
    constructor(message, status, hint) {
      super(message);
      this.name = 'HelyosError';
      if (status !== undefined) this.status = status;
      if (hint !== undefined) this.hint = hint;
    }
  }

  // Host functions take and give JSON text, so scripts get real JS objects and arrays.
  function hostFunction(path) {
    return function (...args) {
      const answer = JSON.parse(call(path, JSON.stringify(args)));
      if ('error' in answer) {
        throw new HelyosError(answer.error, answer.status, answer.hint);
      }
      return answer.value;
    };
  }

  const roots = {};
  for (const path of JSON.parse(pathsJson)) {
    const parts = path.split('.');
    let target = roots;
    for (const part of parts.slice(0, -1)) {
      target = target[part] ??= {};
    }
    target[parts[parts.length - 1]] = hostFunction(path);
  }
  function deepFreeze(object) {
    for (const value of Object.values(object)) {
      if (typeof value === 'object') deepFreeze(value);
    }
    return Object.freeze(object);
  }
  for (const [name, object] of Object.entries(roots)) {
    globalThis[name] = deepFreeze(object);
  }

  globalThis.args = JSON.parse(argsJson);
  // A Proxy so that a write fails in sloppy mode too, and without printing the whole environment
  // (tokens included) in the error message as a frozen object's TypeError would.
  const readOnly = (what) => () => {
    throw new TypeError('env is read-only (' + what + ')');
  };
  globalThis.env = new Proxy(Object.freeze(JSON.parse(envJson)), {
    set: readOnly('cannot set a variable'),
    defineProperty: readOnly('cannot define a variable'),
    deleteProperty: readOnly('cannot delete a variable'),
  });

  // The Java package globals only lead to "is not a function" puzzles when class lookup is off.
  for (const name of ['Packages', 'java', 'javax', 'javafx', 'com', 'org', 'edu']) {
    delete globalThis[name];
  }

  function inspect(value) {
    if (typeof value === 'string') return value;
    if (value === undefined) return 'undefined';
    if (typeof value === 'function') return '[Function ' + (value.name || 'anonymous') + ']';
    if (value instanceof Error) return String(value);
    try {
      const text = JSON.stringify(value, null, 2);
      return text === undefined ? String(value) : text;
    } catch (e) {
      return String(value);
    }
  }
  // The built-in console prints objects as [object Object]; print them as JSON instead.
  const builtin = globalThis.console;
  const print = (sink) => (...values) => sink(values.map(inspect).join(' '));
  globalThis.console = Object.freeze({
    log: print(builtin.log),
    info: print(builtin.log),
    warn: print(builtin.warn),
    error: print(builtin.error),
  });

  return function toJson(value) {
    try {
      return JSON.stringify(value);
    } catch (e) {
      return undefined;
    }
  };
})
