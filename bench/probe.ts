/**
 * What the UI benchmarks run inside the page, as plain JavaScript text (added before the app's
 * own scripts), so no bundler helper leaks into the page. `window.__bench`:
 *
 * - firstRowAt / allRowsAt: performance.now() (ms since navigation start) just after the frame
 *   that first painted a row of the list / `expectRows` rows of it; `loaded` resolves with the
 *   one that matters (allRowsAt when expectRows > 0). Strings are evaluated through CDP, which the
 *   page's CSP (no 'unsafe-eval') allows, where Playwright's string predicates are refused.
 * - arm(kind) then a key press then `await __bench.result`: from the key's event.timeStamp to
 *   just after the frame that painted its effect ({ paint }), and to the moment the app's key
 *   handler and React's commit are done, before style, layout and paint ({ work }), and which
 *   frame after the key painted it ({ frames }: 1 is the very next frame); for a search, also
 *   when the core's answer reached the page ({ answer }). "Painted"
 *   means: the effect is in the DOM when a requestAnimationFrame callback runs, and a message
 *   posted from that callback has arrived, which happens after that frame's paint. The result
 *   settles only when no call to the core has been in flight for three frames in a row, so
 *   presses never queue behind each other. Kinds: 'move' (the selected row changed), 'archive'
 *   (the selected row left the list), 'search' (the core's answer for exactly the text now in
 *   the search field has arrived; the store renders it in the same task).
 */
export function probeScript(expectRows: number): string {
  return `(() => {
  const P = { firstRowAt: null, allRowsAt: null, expectRows: ${JSON.stringify(expectRows)}, pending: 0, lastSearch: null, armed: null, current: null, result: null };
  Object.defineProperty(window, '__bench', { value: P });
  const now = () => performance.now();
  // Runs cb in a task of its own: posted from a requestAnimationFrame callback, after that frame is painted.
  const nextTask = (cb) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => { ch.port1.close(); cb(now()); };
    ch.port2.postMessage(0);
  };
  const list = () => document.querySelector('[role="listbox"]');

  P.loaded = new Promise((resolve) => { P.resolveLoaded = resolve; });
  const loadDone = () => { if (P.firstRowAt !== null && (P.expectRows === 0 || P.allRowsAt !== null)) P.resolveLoaded(P.expectRows > 0 ? P.allRowsAt : P.firstRowAt); };
  const watchLoad = () => {
    const l = list();
    const rows = l ? l.childElementCount : 0;
    if (P.firstRowAt === null && rows > 0) nextTask((t) => { if (P.firstRowAt === null) P.firstRowAt = t; loadDone(); });
    if (P.expectRows > 0 && P.allRowsAt === null && rows >= P.expectRows) nextTask((t) => { if (P.allRowsAt === null) P.allRowsAt = t; loadDone(); });
    if (P.firstRowAt === null || (P.expectRows > 0 && P.allRowsAt === null)) requestAnimationFrame(watchLoad);
  };
  requestAnimationFrame(watchLoad);

  // Counts calls to the core in flight and notes which search was answered last.
  P.wrap = () => {
    const orig = window.__inboxInvoke;
    if (typeof orig !== 'function' || orig.__benchWrapped) return false;
    const wrapped = (method, args) => {
      P.pending++;
      return Promise.resolve(orig(method, args)).then(
        (answer) => {
          P.pending--;
          if (method === 'search') {
            P.lastSearch = args[0];
            const m = P.current;
            if (m && m.t0 !== null && m.answer === null) m.answer = now() - m.t0;
          }
          return answer;
        },
        (err) => { P.pending--; throw err; },
      );
    };
    wrapped.__benchWrapped = true;
    window.__inboxInvoke = wrapped;
    return window.__inboxInvoke === wrapped;
  };

  // Times n calls to the core straight through the bridge (the bench's own IPC cost, for a trivial call).
  P.ping = async (n, method = 'getSettings', args = []) => {
    const times = [];
    for (let i = 0; i < n; i++) {
      const t = now();
      await window.__inboxInvoke(method, args);
      times.push(now() - t);
    }
    return times;
  };

  // Arming waits a random part of a frame first, so key presses fall at random moments of the
  // frame, as a person's do, not always just after the frame the last measurement waited for.
  P.jitter = () => new Promise((resolve) => setTimeout(resolve, Math.random() * 16.7));

  const selected = () => document.querySelector('[role="option"][aria-selected="true"]');
  P.arm = (kind) => {
    let pred;
    if (kind === 'move') {
      const before = selected()?.id ?? null;
      pred = () => (selected()?.id ?? null) !== before;
    } else if (kind === 'archive') {
      const id = selected()?.id ?? null;
      pred = () => id === null || document.getElementById(id) === null;
    } else {
      P.lastSearch = null;
      pred = () => {
        const input = document.querySelector('[role="searchbox"]');
        return input !== null && input.value !== '' && P.lastSearch === input.value;
      };
    }
    const m = { pred, t0: null, work: null, answer: null };
    P.armed = m;
    // Added after the app's own keydown listener on window, so it runs after it, and after the
    // microtask checkpoint that follows it, where React commits a store update.
    window.addEventListener('keydown', () => { if (m.t0 !== null) m.work = now() - m.t0; }, { once: true });
    P.result = new Promise((resolve) => { m.resolve = resolve; });
    m.timer = setTimeout(() => { P.armed = null; m.resolve({ paint: NaN, work: NaN, frames: NaN, timedOut: true }); }, 10000);
  };

  const settle = (m, paint, frames) => {
    let quiet = 0;
    const check = () => {
      quiet = P.pending === 0 ? quiet + 1 : 0;
      if (quiet >= 3) { clearTimeout(m.timer); m.resolve({ paint, work: m.work, frames, answer: m.answer }); }
      else requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  };

  window.addEventListener('keydown', (e) => {
    const m = P.armed;
    if (!m || m.t0 !== null) return;
    P.armed = null;
    P.current = m;
    m.t0 = e.timeStamp;
    let frames = 0;
    const tick = () => {
      frames++;
      if (m.pred()) nextTask((t) => settle(m, t - m.t0, frames));
      else requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  }, true);
})();`;
}
