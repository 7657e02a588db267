//! The workflow as a graph of indices: who feeds whom, through which handle. Built once per document
//! and shared by validation and the scheduler.

use neuroflow_types::WorkflowDocument;
use std::collections::{HashMap, VecDeque};

/// One connection, by node index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub edge: usize,
    pub source: usize,
    pub target: usize,
    /// The source handle (`true`, `false`, `error`), if any.
    pub handle: Option<String>,
}

/// Adjacency of a document whose edges join existing nodes.
#[derive(Debug, Clone, Default)]
pub struct Graph {
    pub index: HashMap<String, usize>,
    pub outgoing: Vec<Vec<Link>>,
    pub incoming: Vec<Vec<Link>>,
}

impl Graph {
    /// Builds the graph from the first node of each id, ignoring edges to unknown nodes.
    pub fn new(doc: &WorkflowDocument) -> Self {
        let mut index = HashMap::with_capacity(doc.nodes.len());
        for (i, n) in doc.nodes.iter().enumerate() {
            index.entry(n.id.clone()).or_insert(i);
        }
        let mut outgoing = vec![Vec::new(); doc.nodes.len()];
        let mut incoming = vec![Vec::new(); doc.nodes.len()];
        for (e, edge) in doc.edges.iter().enumerate() {
            if let (Some(&s), Some(&t)) = (index.get(&edge.source), index.get(&edge.target)) {
                let link = Link { edge: e, source: s, target: t, handle: edge.source_handle.clone() };
                outgoing[s].push(link.clone());
                incoming[t].push(link);
            }
        }
        Self { index, outgoing, incoming }
    }

    pub fn len(&self) -> usize {
        self.outgoing.len()
    }

    pub fn is_empty(&self) -> bool {
        self.outgoing.is_empty()
    }

    /// Every cycle, each as the node indices along it (first node repeated at the end).
    /// One cycle is reported per strongly connected component that has one.
    pub fn cycles(&self) -> Vec<Vec<usize>> {
        let mut out = Vec::new();
        for component in self.strongly_connected() {
            out.push(self.cycle_through(component[0], &component));
        }
        out
    }

    /// A shortest path from `start` back to itself within `component` (breadth-first).
    fn cycle_through(&self, start: usize, component: &[usize]) -> Vec<usize> {
        let inside: std::collections::HashSet<usize> = component.iter().copied().collect();
        let mut parent: HashMap<usize, usize> = HashMap::new();
        let mut queue = VecDeque::new();
        for l in &self.outgoing[start] {
            if l.target == start {
                return vec![start, start];
            }
            if inside.contains(&l.target) && !parent.contains_key(&l.target) {
                parent.insert(l.target, start);
                queue.push_back(l.target);
            }
        }
        while let Some(n) = queue.pop_front() {
            for l in &self.outgoing[n] {
                if l.target == start {
                    // Walk the parents back from n to start, then close the loop.
                    let mut chain = vec![n];
                    let mut at = n;
                    while at != start {
                        at = parent[&at];
                        chain.push(at);
                    }
                    chain.reverse();
                    chain.push(start);
                    return chain;
                }
                if inside.contains(&l.target) && !parent.contains_key(&l.target) && l.target != start {
                    parent.insert(l.target, n);
                    queue.push_back(l.target);
                }
            }
        }
        vec![start, start]
    }

    /// The strongly connected components that contain a cycle (Kosaraju, iterative so that long
    /// chains cannot overflow the stack).
    fn strongly_connected(&self) -> Vec<Vec<usize>> {
        let n = self.len();
        let mut order = Vec::with_capacity(n);
        let mut seen = vec![false; n];
        for root in 0..n {
            if seen[root] {
                continue;
            }
            seen[root] = true;
            let mut stack = vec![(root, 0usize)];
            while let Some((node, next)) = stack.last_mut() {
                let node = *node;
                if let Some(link) = self.outgoing[node].get(*next) {
                    *next += 1;
                    if !seen[link.target] {
                        seen[link.target] = true;
                        stack.push((link.target, 0));
                    }
                } else {
                    order.push(node);
                    stack.pop();
                }
            }
        }
        let mut component_of = vec![usize::MAX; n];
        let mut components = Vec::new();
        let mut members = Vec::new();
        let mut stack = Vec::new();
        for &root in order.iter().rev() {
            if component_of[root] != usize::MAX {
                continue;
            }
            members.clear();
            members.push(root);
            component_of[root] = root;
            stack.push(root);
            while let Some(node) = stack.pop() {
                for link in &self.incoming[node] {
                    if component_of[link.source] == usize::MAX {
                        component_of[link.source] = root;
                        members.push(link.source);
                        stack.push(link.source);
                    }
                }
            }
            // Only a component of several nodes, or one node with an edge to itself, holds a cycle.
            if members.len() > 1 || self.outgoing[root].iter().any(|l| l.target == root) {
                let mut found = members.clone();
                found.sort_unstable();
                components.push(found);
            }
        }
        components
    }

    /// Nodes reachable from any of `roots`.
    pub fn reachable_from(&self, roots: &[usize]) -> Vec<bool> {
        let mut seen = vec![false; self.len()];
        let mut stack: Vec<usize> = roots.to_vec();
        for &r in roots {
            seen[r] = true;
        }
        while let Some(n) = stack.pop() {
            for l in &self.outgoing[n] {
                if !seen[l.target] {
                    seen[l.target] = true;
                    stack.push(l.target);
                }
            }
        }
        seen
    }

    /// The nodes from which one of `targets` can be reached (the targets included).
    pub fn reaching(&self, targets: &[usize]) -> Vec<bool> {
        let mut seen = vec![false; self.len()];
        let mut stack: Vec<usize> = targets.to_vec();
        for &t in targets {
            seen[t] = true;
        }
        while let Some(n) = stack.pop() {
            for l in &self.incoming[n] {
                if !seen[l.source] {
                    seen[l.source] = true;
                    stack.push(l.source);
                }
            }
        }
        seen
    }
}
