// Signing a Gmail integration in to Google: the consent page opens in the browser, and this waits
// for it to come back (the app listens on 127.0.0.1 for the answer). The link can be copied if no
// browser opened; cancelling stops the wait.
import { useEffect, useRef, useState } from "react";
import { messageOf } from "../../api";
import type { Integration, IntegrationTest } from "../../bindings";
import { Loading } from "../../components/Feedback";
import { Modal } from "../../components/Modal";
import { beginSignIn, cancelSignIn, finishSignIn } from "./api";

interface Props {
  org: string;
  integration: Integration;
  onClose: () => void;
  onDone: (outcome: IntegrationTest) => void;
}

export function SignInDialog({ org, integration, onClose, onDone }: Props) {
  const [url, setUrl] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [copied, setCopied] = useState(false);
  const closed = useRef(false);
  // The parent's callback may change on every render; the sign-in must not restart because of it.
  const done = useRef(onDone);
  done.current = onDone;

  useEffect(() => {
    // Each attempt has its own flag: an earlier attempt's late answer is ignored.
    let current = true;
    const live = () => current && !closed.current;
    setError(null);
    setUrl(null);
    (async () => {
      try {
        const address = await beginSignIn(org, integration.id);
        if (!live()) return;
        setUrl(address);
        const outcome = await finishSignIn(org, integration.id);
        if (live()) done.current(outcome);
      } catch (e) {
        if (live()) setError(messageOf(e));
      }
    })();
    return () => {
      current = false;
    };
  }, [org, integration.id, attempt]);

  const cancel = () => {
    closed.current = true;
    cancelSignIn(integration.id).catch(() => {});
    onClose();
  };

  const copy = async () => {
    if (!url) return;
    try {
      await navigator.clipboard.writeText(url);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };

  return (
    <Modal
      title={`Sign in “${integration.name}” with Google`}
      onClose={cancel}
      footer={
        <>
          {error && (
            <button type="button" className="button" onClick={() => setAttempt((a) => a + 1)}>
              Try again
            </button>
          )}
          <button type="button" className="button" onClick={cancel}>
            {error ? "Close" : "Cancel"}
          </button>
        </>
      }
    >
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : (
        <>
          <Loading label={url ? "Waiting for you to finish in your browser…" : "Opening Google's sign-in page…"} />
          <p className="hint">Choose the account to send from and allow NeuroFlow Hub to send email. This window continues on its own.</p>
          {url && (
            <p className="hint">
              No browser opened?{" "}
              <button type="button" className="button button-small" onClick={copy}>
                {copied ? "Link copied" : "Copy the link"}
              </button>
            </p>
          )}
        </>
      )}
    </Modal>
  );
}
