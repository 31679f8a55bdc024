/** The per-response CSP nonce the server put in the page: antd's generated <style> elements carry it. */
export function cspNonce(): string | undefined {
  const v = document.querySelector('meta[name="csp-nonce"]')?.getAttribute('content');
  return v && !v.startsWith('__') ? v : undefined;
}

/**
 * A few library helpers (rc-component's scroll-bar measurement and scroll locker) insert a <style> element
 * without passing antd's nonce, which the CSP then refuses. Give every <style> element our code inserts
 * the nonce, at insertion. This does not weaken the policy: only script already allowed to run inserts them.
 */
export function nonceEveryStyle(nonce: string | undefined): void {
  if (!nonce) return;
  const mark = (node: Node) => {
    if (node instanceof HTMLStyleElement && !node.nonce) node.nonce = nonce;
  };
  const append = Node.prototype.appendChild;
  const insert = Node.prototype.insertBefore;
  Node.prototype.appendChild = function <T extends Node>(this: Node, node: T): T {
    mark(node);
    return append.call(this, node) as T;
  };
  Node.prototype.insertBefore = function <T extends Node>(this: Node, node: T, child: Node | null): T {
    mark(node);
    return insert.call(this, node, child) as T;
  };
}

/**
 * rc-component's auto-sizing textarea measures with `setAttribute('style', …)`, which the CSP refuses
 * (style attributes count as inline style); the same declarations through the CSSOM (`style.cssText`) are
 * allowed and have the same effect. Only script already allowed to run takes this path.
 */
export function styleAttributesThroughCssom(): void {
  const set = Element.prototype.setAttribute;
  Element.prototype.setAttribute = function (this: Element, name: string, value: string): void {
    if (name.toLowerCase() === 'style' && (this instanceof HTMLElement || this instanceof SVGElement)) {
      this.style.cssText = value;
      return;
    }
    set.call(this, name, value);
  };
}
