// Starts GOV.UK Frontend components and the small behaviours this service adds.
import { initAll } from "./govuk-frontend.min.js";

initAll();

// Live progress for a background job: polls the job's status URL and updates the bar and text.
// The page also works without JavaScript: a "Refresh this page" link is shown instead.
const jobPanel = document.querySelector("[data-job-status-url]");
if (jobPanel) {
  const url = jobPanel.dataset.jobStatusUrl;
  const bar = jobPanel.querySelector(".app-progress__bar");
  const progressbar = jobPanel.querySelector("[role=progressbar]");
  const percentText = jobPanel.querySelector("[data-job-percent]");
  const messageText = jobPanel.querySelector("[data-job-message]");
  const poll = async () => {
    let data;
    try {
      const response = await fetch(url, { headers: { Accept: "application/json" } });
      if (!response.ok) return;
      data = await response.json();
    } catch {
      window.setTimeout(poll, 3000);
      return;
    }
    if (bar) {
      bar.className = `app-progress__bar app-progress__bar--${data.progress}`;
    }
    if (progressbar) progressbar.setAttribute("aria-valuenow", String(data.progress));
    if (percentText) percentText.textContent = `${data.progress}%`;
    if (messageText) messageText.textContent = data.message;
    if (data.finished) {
      window.location.reload();
    } else {
      window.setTimeout(poll, 1000);
    }
  };
  window.setTimeout(poll, 1000);
}

// Countdowns: "Annex A due in 3 h 12 min". Each element carries its deadline as ISO 8601.
const formatRemaining = (milliseconds) => {
  const overdue = milliseconds < 0;
  let minutes = Math.floor(Math.abs(milliseconds) / 60000);
  const days = Math.floor(minutes / 1440);
  minutes -= days * 1440;
  const hours = Math.floor(minutes / 60);
  minutes -= hours * 60;
  const parts = [];
  if (days) parts.push(`${days} d`);
  if (days || hours) parts.push(`${hours} h`);
  parts.push(`${minutes} min`);
  return { overdue, text: parts.join(" ") };
};
const countdowns = document.querySelectorAll("[data-countdown-to]");
const tick = () => {
  countdowns.forEach((element) => {
    const remaining = formatRemaining(new Date(element.dataset.countdownTo) - new Date());
    element.textContent = remaining.overdue ? `overdue by ${remaining.text}` : `in ${remaining.text}`;
    element.classList.toggle("app-status--overdue", remaining.overdue);
  });
};
if (countdowns.length) {
  tick();
  window.setInterval(tick, 30000);
}
