// What the workflow canvas shows, read from the page: the editor specs' shared questions.

/** The ids of the nodes on the canvas. */
export const nodeIds = (browser) =>
  browser.execute(() => [...document.querySelectorAll("[data-testid='workflow-node']")].map((n) => n.dataset.nodeId));

/** How many connections the canvas draws. */
export const edgeCount = (browser) => browser.execute(() => document.querySelectorAll(".react-flow__edge").length);
