// Which organization the window works in, and a way to make a new one.
import { useState } from "react";
import { Icon } from "../../components/icons";
import { CreateOrgDialog } from "./CreateOrgDialog";
import { useOrgs } from "./OrgProvider";

export function OrgSwitcher() {
  const { orgs, current, select } = useOrgs();
  const [creating, setCreating] = useState(false);
  if (!current) return null;
  return (
    <div className="org-switcher">
      <label htmlFor="org-select" className="org-label">
        Organization
      </label>
      <div className="org-row">
        <select id="org-select" value={current.id} onChange={(e) => select(e.target.value)}>
          {orgs.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
            </option>
          ))}
        </select>
        <button type="button" className="icon-button" aria-label="New organization" title="New organization" onClick={() => setCreating(true)}>
          <Icon name="plus" />
        </button>
      </div>
      {creating && <CreateOrgDialog onClose={() => setCreating(false)} />}
    </div>
  );
}
