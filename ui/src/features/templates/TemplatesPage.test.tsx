// The gallery through the real page against the IPC mock: cards, search as one types, facets with
// counts that filter, sort, the empty and failed states.
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { appError } from "../../test/ipc";
import { renderWithBackend } from "../../test/render";
import { ORG, card, results } from "./testData";
import { TemplatesPage } from "./TemplatesPage";

const SPEED = card({ id: "t2", slug: "speed-to-lead", name: "Speed-to-lead: reply within 5 minutes", category: "SALES", integrations: ["GMAIL", "HTTP", "SLACK"], featured: false, rating: { sum: 0, count: 0 }, usageCount: 0 });

describe("TemplatesPage", () => {
  it("shows the library as cards with what each needs, costs and how it was rated", async () => {
    renderWithBackend(<TemplatesPage org={ORG} />, { search_templates: () => results([card(), SPEED]) });
    const list = await screen.findByRole("region", { name: "Templates found" });
    const first = within(list).getByRole("link", { name: "Listing description writer with a fair-housing check" });
    expect(first).toHaveAttribute("href", `#/templates/${card().id}`);
    expect(within(list).getByRole("img", { name: "4.5 from 2 ratings" })).toBeInTheDocument();
    expect(within(list).getByRole("img", { name: "Not rated yet" })).toBeInTheDocument();
    expect(within(list).getByText("Featured")).toBeInTheDocument();
    expect(within(list).getByText("Gmail, HTTP API, Slack")).toBeInTheDocument();
    expect(within(list).getAllByText("$0.00056/run")).toHaveLength(2);
    expect(within(list).getByRole("status")).toHaveTextContent("2 templates");
  });

  it("searches as one types, filters by a facet value and sorts, all through the app", async () => {
    const { calls } = renderWithBackend(<TemplatesPage org={ORG} />, {
      search_templates: ({ query }) => {
        const q = query as { text: string | null; category: string | null };
        return results(q.text || q.category ? [SPEED] : [card(), SPEED]);
      },
    });
    await screen.findAllByRole("article");
    await userEvent.type(screen.getByRole("searchbox", { name: "Search templates" }), "speed lead");
    await waitFor(() => expect(calls.at(-1)?.args).toMatchObject({ org: ORG, query: { text: "speed lead" } }));
    await waitFor(() => expect(screen.getAllByRole("article")).toHaveLength(1));

    const filters = screen.getByRole("complementary", { name: "Filters" });
    const sales = within(filters).getByRole("button", { name: /Sales/ });
    expect(within(sales).getByLabelText("4 templates")).toBeInTheDocument();
    expect(within(filters).getByRole("button", { name: /Support/ })).toBeDisabled();
    await userEvent.click(sales);
    expect(sales).toHaveAttribute("aria-pressed", "true");
    await waitFor(() => expect(calls.at(-1)?.args).toMatchObject({ query: { category: "SALES", text: "speed lead" } }));
    await userEvent.click(within(filters).getByRole("button", { name: /Gmail/ }));
    await waitFor(() => expect(calls.at(-1)?.args).toMatchObject({ query: { integration: "GMAIL" } }));

    await userEvent.selectOptions(screen.getByRole("combobox", { name: "Sort templates" }), "topRated");
    await waitFor(() => expect(calls.at(-1)?.args).toMatchObject({ query: { sort: "topRated" } }));
    await userEvent.click(screen.getByRole("button", { name: "Clear search and filters" }));
    await waitFor(() => expect(calls.at(-1)?.args).toMatchObject({ query: { text: null, category: null, integration: null } }));
  });

  it("says when nothing matches and keeps the filters", async () => {
    renderWithBackend(<TemplatesPage org={ORG} />, { search_templates: ({ query }) => results((query as { text: string | null }).text ? [] : [card()]) });
    await screen.findAllByRole("article");
    await userEvent.type(screen.getByRole("searchbox", { name: "Search templates" }), "zebra");
    expect(await screen.findByRole("region", { name: "No template matches “zebra”" })).toBeInTheDocument();
    expect(screen.getByRole("complementary", { name: "Filters" })).toBeInTheDocument();
  });

  it("shows the failure and retries", async () => {
    let fail = true;
    renderWithBackend(<TemplatesPage org={ORG} />, {
      search_templates: () => {
        if (fail) throw appError("STORAGE", "database error: disk I/O error");
        return results([card()]);
      },
    });
    expect(await screen.findByRole("alert")).toHaveTextContent("disk I/O error");
    fail = false;
    await userEvent.click(screen.getByRole("button", { name: "Try again" }));
    expect(await screen.findByRole("article")).toBeInTheDocument();
  });
});
