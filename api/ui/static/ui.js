// The review pages' one script (an ES module, no build step): the dossier page's
// keyboard flow, saving each field the moment it is confirmed (a changed value as a
// correction, an unchanged doubtful one as a confirmation the server keeps), the page
// viewer, and keeping whatever the officer typed until the server has it.

const csrfToken = document.querySelector('meta[name="csrf-token"]')?.content ?? "";

const TEXT = {
  saving: "Đang lưu…",
  saved: "Đã lưu",
  confirmed: "Đã xác nhận",
  checked: "Đã kiểm tra",
  unsaved: "Chưa lưu",
  unconfirmed: "Chưa xác nhận được",
  tooLong: (max) => `Chưa lưu · tối đa ${max} ký tự`,
  offline: "Không lưu được vì mất kết nối tới máy chủ. Giá trị bạn nhập vẫn được giữ trên máy này; nhấn Enter ở trường đó để thử lại.",
  signedOut: "Phiên đăng nhập đã hết hạn. Giá trị bạn nhập vẫn được giữ trên máy này; hãy đăng nhập lại.",
  failed: "Không lưu được. Hãy thử lại.",
  conflict: "Hồ sơ đã được người khác thay đổi sau khi bạn mở. Thay đổi của bạn chưa được lưu. Hãy tải lại trang để xem bản mới nhất.",
  draft: "Bản nháp chưa lưu:",
  useDraft: "Dùng bản nháp",
  toCheck: (left, total) => left ? `Còn ${left}/${total} trường cần kiểm tra` : (total ? `Đã kiểm tra đủ ${total} trường cần kiểm tra` : "Không có trường cần kiểm tra"),
  page: (n) => `Trang ${n}`,
};

const clean = (text) => text.normalize("NFC").trim();

class PageViewer {
  constructor(root, baseUrl) {
    this.baseUrl = baseUrl;
    this.viewer = root.querySelector('[data-testid="page-viewer"]');
    this.sheet = this.viewer.querySelector(".sheet");
    this.image = this.viewer.querySelector('[data-testid="page-image"]');
    this.highlight = this.viewer.querySelector('[data-testid="field-highlight"]');
    this.label = root.querySelector('[data-testid="viewer-label"]');
    this.thumbs = new Map([...root.querySelectorAll('[data-testid="page-thumb"]')]
      .map((thumb) => [Number(thumb.dataset.number), thumb]));
    this.number = null;
    this.zoom = 1;
    this.box = null;
    this.large = false;
    root.querySelectorAll("[data-zoom]").forEach((button) => button.addEventListener("click", () => {
      const how = button.dataset.zoom;
      this.zoom = how === "fit" ? 1 : Math.min(5, Math.max(1, this.zoom * (how === "in" ? 1.25 : 0.8)));
      this.layout();
    }));
    root.querySelectorAll("[data-show-page]").forEach((button) => button.addEventListener("click",
      () => this.show(Number(button.dataset.showPage), null)));
    this.image.addEventListener("load", () => {
      if (!this.large && this.sheet.offsetWidth > this.image.naturalWidth * 1.1) this.loadLarge();
    });
    window.addEventListener("resize", () => this.layout());
  }

  show(number, box) {
    const thumb = this.thumbs.get(number);
    if (!thumb) return;
    if (number !== this.number) {
      this.number = number;
      this.large = false;
      this.thumbs.forEach((other) => other.classList.toggle("current", other === thumb));
      this.label.textContent = TEXT.page(number);
      const hasImage = thumb.dataset.image === "1";
      this.image.hidden = !hasImage;
      if (hasImage) {
        this.image.src = `${this.baseUrl}/pages/${number}/image`;
        this.image.alt = `Ảnh trang ${number}`;
      }
    }
    this.box = box;
    this.highlight.hidden = !box;
    if (box) {
      const [left, top, width, height] = box;
      Object.assign(this.highlight.style, { left: `${left}%`, top: `${top}%`, width: `${width}%`, height: `${height}%` });
      this.zoom = this.zoomFor(box);
    } else {
      this.zoom = 1;
    }
    this.layout();
  }

  ratio() {
    const thumb = this.thumbs.get(this.number);
    const width = Number(thumb?.dataset.width) || 210;
    const height = Number(thumb?.dataset.height) || 297;
    return width / height;
  }

  fitWidth() {
    const room = this.viewer.clientWidth - 24;
    const roomHigh = this.viewer.clientHeight - 24;
    return Math.max(120, Math.min(room, roomHigh * this.ratio()));
  }

  zoomFor([, , width, height]) {
    const fit = this.fitWidth();
    const byWidth = (0.5 * (this.viewer.clientWidth - 24)) / Math.max(1, (width / 100) * fit);
    const byHeight = (0.3 * (this.viewer.clientHeight - 24)) / Math.max(1, (height / 100) * (fit / this.ratio()));
    return Math.min(3, Math.max(1, Math.min(byWidth, byHeight)));
  }

  layout() {
    if (this.number === null) return;
    const width = this.fitWidth() * this.zoom;
    this.sheet.style.width = `${Math.round(width)}px`;
    this.sheet.style.aspectRatio = `${this.ratio()}`;
    if (!this.large && this.image.naturalWidth && width > this.image.naturalWidth * 1.1) this.loadLarge();
    if (this.box) this.centre(this.box);
    else this.viewer.scrollTo({ left: 0, top: 0 });
  }

  centre([left, top, width, height]) {
    const x = this.sheet.offsetLeft + ((left + width / 2) / 100) * this.sheet.offsetWidth;
    const y = this.sheet.offsetTop + ((top + height / 2) / 100) * this.sheet.offsetHeight;
    this.viewer.scrollTo({ left: x - this.viewer.clientWidth / 2, top: y - this.viewer.clientHeight / 2 });
  }

  loadLarge() {
    this.large = true;
    const number = this.number;
    const larger = new Image();
    larger.onload = () => { if (this.number === number) this.image.src = larger.src; };
    larger.src = `${this.baseUrl}/pages/${number}/image?size=large`;
  }
}

class DossierPage {
  constructor(root) {
    this.root = root;
    this.id = root.dataset.dossierId;
    this.baseUrl = `/ui/dossiers/${this.id}`;
    this.version = Number(root.dataset.version);
    this.editable = root.dataset.editable === "1";
    this.blocked = false;
    this.saving = Promise.resolve(true);
    this.viewer = new PageViewer(root, this.baseUrl);
    this.problem = root.querySelector('[data-testid="conflict-message"]');
    this.counter = root.querySelector('[data-testid="to-check-count"]');
    this.approveButton = root.querySelector('[data-testid="approve-button"]');
    this.assignBox = root.querySelector('[data-testid="assign-code"]');
    this.fields = [...root.querySelectorAll('[data-testid="field"]')].map((item) => ({
      item,
      input: item.querySelector('[data-testid="field-input"]'),
      status: item.querySelector('[data-testid="field-status"]'),
      id: item.dataset.fieldId,
      page: Number(item.dataset.page),
      box: item.dataset.box ? item.dataset.box.split(",").map(Number) : null,
      doubtful: item.dataset.doubtful === "1",
      checked: item.dataset.checked === "1", // corrected or confirmed, as the server keeps it
    }));
  }

  start() {
    for (const field of this.fields) {
      field.input.addEventListener("focus", () => this.select(field));
      if (!this.editable) continue;
      field.input.addEventListener("keydown", (event) => this.onKey(event, field));
      field.input.addEventListener("input", () => this.keepDraft(field));
      field.input.addEventListener("change", () => this.commit(field));
      this.offerDraft(field);
    }
    this.root.querySelectorAll("form[data-change-form]").forEach((form) =>
      form.addEventListener("submit", (event) => this.submitAfterSaving(event, form)));
    this.count();
    const params = new URLSearchParams(location.search);
    const asked = Number(params.get("page"));
    this.forgetMessagesInAddress(params);
    const first = this.fields.find((field) => this.pending(field)) ?? this.fields[0];
    if (this.editable && this.assignBox) {
      // no record yet: a barcode scanner's code + Enter must reach the assign box, not a field
      this.viewer.show(Number(this.root.dataset.shownPage) || 1, null);
      this.assignBox.focus();
    } else if (this.editable && first && !asked && this.problem.hidden) {
      first.input.focus();
      first.input.select();
    } else {
      const shown = Number(this.root.dataset.shownPage) || 1;
      this.viewer.show(shown, null);
      if (asked) this.root.querySelector(`[data-show-page="${shown}"]`)?.focus(); // after a page operation
    }
  }

  /** The message a change came back with is shown once: reloading the page shows the dossier without it. */
  forgetMessagesInAddress(params) {
    if (!params.has("problem") && !params.has("notice")) return;
    params.delete("problem");
    params.delete("notice");
    const query = params.toString();
    history.replaceState(history.state, "", `${location.pathname}${query ? `?${query}` : ""}${location.hash}`);
  }

  pending(field) {
    return field.doubtful && !field.checked;
  }

  select(field) {
    this.fields.forEach((other) => other.item.classList.toggle("current", other === field));
    this.viewer.show(field.page, field.box);
  }

  onKey(event, field) {
    if (event.isComposing) return; // a Vietnamese input method is still composing
    if (event.key === "Enter" || (event.key === "Tab" && !event.shiftKey)) {
      event.preventDefault();
      this.confirm(field);
      const next = this.nextTarget(field);
      if (next) {
        next.focus();
        if (next.select) next.select();
      }
    } else if (event.key === "Tab" && event.shiftKey) {
      const index = this.fields.indexOf(field);
      if (index > 0) {
        event.preventDefault();
        this.commit(field);
        this.fields[index - 1].input.focus();
        this.fields[index - 1].input.select();
      }
    } else if (event.key === "Escape") {
      field.input.value = field.input.dataset.saved;
      this.dropDraft(field);
      this.showChecked(field);
    }
  }

  nextTarget(field) {
    const index = this.fields.indexOf(field);
    const waiting = (other) => other !== field && this.pending(other);
    const toCheck = this.fields.slice(index + 1).find(waiting) ?? this.fields.slice(0, index).find(waiting);
    if (toCheck) return toCheck.input;
    return this.fields[index + 1]?.input ?? this.approveButton;
  }

  /** Enter or Tab: a changed value is saved (a correction); an unchanged doubtful one is confirmed on the server. */
  confirm(field) {
    const value = clean(field.input.value);
    if (value !== field.input.dataset.saved) return this.commit(field);
    if (!this.pending(field) || field.confirming) return this.saving.then(() => true);
    field.confirming = true;
    this.saving = this.saving.then(() => this.send(field, "confirm", { value }))
      .finally(() => { field.confirming = false; });
    return this.saving;
  }

  /** Save the field if its value differs from the saved one; saves run one after another, each with the version the previous one left. */
  commit(field) {
    const value = clean(field.input.value);
    if (value === field.input.dataset.saved) return this.saving.then(() => true);
    if (field.pending === value) return this.saving;
    field.pending = value;
    this.saving = this.saving.then(() => this.send(field, "save", { value }))
      .finally(() => { field.pending = null; });
    return this.saving;
  }

  async send(field, action, { value }) {
    if (this.blocked) {
      this.mark(field, "failed", action === "save" ? TEXT.unsaved : TEXT.unconfirmed);
      return false;
    }
    this.mark(field, "saving", TEXT.saving);
    const url = action === "save" ? `${this.baseUrl}/fields/${field.id}` : `${this.baseUrl}/fields/${field.id}/confirm`;
    const body = action === "save" ? { value, expected_version: this.version } : { value };
    let response;
    try {
      response = await fetch(url, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRF-Token": csrfToken },
        body: JSON.stringify(body),
      });
    } catch {
      this.mark(field, "failed", action === "save" ? TEXT.unsaved : TEXT.unconfirmed);
      this.showProblem(TEXT.offline, false);
      return false;
    }
    const answer = await response.json().catch(() => ({}));
    if (response.ok) {
      this.accept(field, action, value, answer);
      return true;
    }
    this.mark(field, "failed", action === "save" ? TEXT.unsaved : TEXT.unconfirmed);
    if (response.status === 409 || response.status === 401) this.blocked = true;
    const message = response.status === 401 ? TEXT.signedOut
      : answer.error?.message ?? (response.status === 409 ? TEXT.conflict : TEXT.failed);
    this.showProblem(message, response.status === 409 || response.status === 401);
    return false;
  }

  accept(field, action, value, answer) {
    field.checked = field.checked || Boolean(answer.checked);
    if (action === "save") {
      // a confirmation leaves the version alone: this page keeps the one it has seen
      this.version = answer.version;
      field.input.dataset.saved = answer.value;
      if (clean(field.input.value) === value) field.input.value = answer.value;
      field.item.classList.toggle("empty", answer.value === "");
      this.dropDraft(field);
      this.setVersion();
      this.mark(field, "saved", TEXT.saved);
    } else if (!field.item.classList.contains("dirty")) {
      this.mark(field, "confirmed", TEXT.confirmed);
    }
    this.count();
    if (!this.blocked) this.hideProblem();
  }

  showChecked(field) {
    this.mark(field, field.checked ? "confirmed" : null, field.checked ? TEXT.checked : "");
  }

  async submitAfterSaving(event, form) {
    event.preventDefault();
    const button = form.querySelector("button[type=submit]");
    if (button) button.disabled = true;
    const dirty = this.fields.filter((field) => clean(field.input.value) !== field.input.dataset.saved);
    const saved = await Promise.all(dirty.map((field) => this.commit(field)));
    await this.saving;
    if (this.blocked || saved.includes(false)) {
      if (button) button.disabled = false;
      return;
    }
    form.querySelector('input[name="expected_version"]').value = String(this.version);
    form.submit();
  }

  setVersion() {
    this.root.dataset.version = String(this.version);
    this.root.querySelectorAll('input[name="expected_version"]').forEach((input) => { input.value = String(this.version); });
    const shown = this.root.querySelector('[data-testid="dossier-version"]');
    if (shown) shown.textContent = String(this.version);
  }

  mark(field, state, text) {
    field.item.classList.remove("saving", "saved", "failed", "confirmed", "dirty");
    if (state) field.item.classList.add(state);
    field.status.textContent = text;
  }

  count() {
    if (!this.counter || !this.editable) return;
    const doubtful = this.fields.filter((field) => field.doubtful);
    const left = doubtful.filter((field) => !field.checked).length;
    this.counter.textContent = TEXT.toCheck(left, doubtful.length);
  }

  draftKey(field) {
    return `intake.draft.${this.id}.${field.id}`;
  }

  keepDraft(field) {
    const value = field.input.value;
    if (clean(value) === field.input.dataset.saved) {
      this.dropDraft(field);
      this.showChecked(field);
      return;
    }
    localStorage.setItem(this.draftKey(field), JSON.stringify({ value, saved: field.input.dataset.saved }));
    this.mark(field, "dirty", value.length >= field.input.maxLength && field.input.maxLength > 0
      ? TEXT.tooLong(field.input.maxLength) : TEXT.unsaved);
  }

  dropDraft(field) {
    localStorage.removeItem(this.draftKey(field));
    field.item.querySelector(".draft-note")?.remove();
  }

  /** A value typed before a reload, a lost connection or a conflict: put back, or offered when the saved value changed meanwhile. */
  offerDraft(field) {
    let draft;
    try {
      draft = JSON.parse(localStorage.getItem(this.draftKey(field)) || "null");
    } catch {
      draft = null;
    }
    if (!draft || clean(draft.value) === field.input.dataset.saved) {
      if (draft) this.dropDraft(field);
      return;
    }
    if (draft.saved === field.input.dataset.saved) {
      field.input.value = draft.value;
      this.mark(field, "dirty", TEXT.unsaved);
      return;
    }
    const note = document.createElement("div");
    note.className = "draft-note";
    note.dataset.testid = "draft-note";
    note.textContent = `${TEXT.draft} «${draft.value}»`;
    const use = document.createElement("button");
    use.type = "button";
    use.className = "button small";
    use.textContent = TEXT.useDraft;
    use.addEventListener("click", () => {
      field.input.value = draft.value;
      note.remove();
      this.keepDraft(field);
      field.input.focus();
    });
    note.append(use);
    field.item.append(note);
  }

  showProblem(message, reload) {
    this.problem.querySelector(".problem-text").textContent = message;
    this.problem.querySelector('[data-testid="reload-link"]').hidden = !reload;
    this.problem.hidden = false;
  }

  hideProblem() {
    this.problem.hidden = true;
  }
}

const dossierRoot = document.querySelector('[data-testid="dossier"]');
if (dossierRoot) new DossierPage(dossierRoot).start();
