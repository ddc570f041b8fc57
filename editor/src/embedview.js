import { t } from "./strings.js";
import { el } from "./media.js";
import { PROVIDER_NAMES } from "./embeds.js";

export class EmbedView {
  constructor(node, view, getPos) {
    this.node = node;
    this.view = view;
    this.getPos = getPos;
    this.dom = el("figure", { class: "ed-embed", contenteditable: "false" });
    this.name = el("strong", { class: "ed-embed-provider" });
    this.url = el("span", { class: "ed-embed-url" });
    this.remove = el("button", { type: "button", class: "ed-remove", text: t("Remove embed") });
    this.remove.addEventListener("click", () => {
      const pos = this.getPos();
      if (pos == null) return;
      this.view.dispatch(this.view.state.tr.delete(pos, pos + this.node.nodeSize));
      this.view.focus();
    });
    this.dom.append(el("span", { class: "ed-embed-kind", text: t("Embed") }), this.name, this.url, this.remove);
    this.render();
  }
  render() {
    this.name.textContent = PROVIDER_NAMES[this.node.attrs.provider] || this.node.attrs.provider;
    this.url.textContent = this.node.attrs.url;
  }
  update(node) {
    if (node.type !== this.node.type) return false;
    this.node = node;
    this.render();
    return true;
  }
  selectNode() {
    this.dom.classList.add("ProseMirror-selectednode");
  }
  deselectNode() {
    this.dom.classList.remove("ProseMirror-selectednode");
  }
  stopEvent(event) {
    return this.remove.contains(event.target);
  }
  ignoreMutation() {
    return true;
  }
}
