//! `neuroflow template list|search|show|publish|export|import|rate|delete`; deploying and updates
//! are in `template_deploy`.

use crate::output::{Out, dollars, table, when};
use crate::prompt;
use crate::template_args::{CategoryArg, DifficultyArg, SourceArg, TemplateCommand, TemplateFilters};
use clap::ValueEnum;
use neuroflow_app::files::{read_document_text, write_atomically};
use neuroflow_app::{AppError, AppResult, Hub, PublishRequest};
use neuroflow_types::{
    DifficultyLevel, ErrorCode, OrgId, PageRequest, TemplateCard, TemplateCategory, TemplateDetail, TemplateQuery,
    TemplateResults, TemplateSource,
};

pub async fn run(hub: &Hub, out: Out, org: OrgId, command: TemplateCommand) -> AppResult<u8> {
    match command {
        TemplateCommand::List { filters } => {
            let results = hub.search_templates(org, query(None, filters)?).await?;
            out.show(&results, |r| cards(r, false));
        }
        TemplateCommand::Search { text, filters } => {
            let results = hub.search_templates(org, query(Some(text.join(" ")), filters)?).await?;
            out.show(&results, |r| cards(r, true));
        }
        TemplateCommand::Show { template, document } => {
            let t = hub.find_template(org, &template).await?;
            let detail = hub.template_detail(org, t.card.id).await?;
            out.show(&detail, |d| describe(d, document));
        }
        TemplateCommand::Deploy { .. } | TemplateCommand::Update { .. } => {
            return super::template_deploy::run(hub, out, org, command).await;
        }
        TemplateCommand::Publish {
            workflow,
            category,
            difficulty,
            name,
            description,
            tags,
            setup_minutes,
            keep_values,
        } => {
            let wf = hub.find_workflow(org, &workflow).await?;
            let request = PublishRequest {
                name,
                description,
                category: category_of(category)?,
                difficulty: difficulty_of(difficulty)?,
                setup_minutes,
                tags,
                icon: None,
                keep_values,
            };
            let published = hub.publish_template(org, wf.id, request).await?;
            out.show(&published, |p| {
                let c = &p.template.card;
                let mut text =
                    format!("Published '{}' as the private template {} version {}", wf.name, c.slug, c.version);
                for note in &p.notes {
                    text.push_str(&format!("\n  {note}"));
                }
                text
            });
        }
        TemplateCommand::Export { template, output } => {
            let t = hub.find_template(org, &template).await?;
            let text = hub.export_template(org, t.card.id).await?;
            match output {
                Some(path) => {
                    write_atomically(&path, text.as_bytes())?;
                    out.show(&serde_json::json!({ "template": t.card.id, "file": path }), |_| {
                        format!("Exported '{}' version {} to {}", t.card.slug, t.card.version, path.display())
                    });
                }
                None => print!("{text}"),
            }
        }
        TemplateCommand::Import { file } => {
            let text = read_document_text(&file)?;
            let t = hub.import_template(org, &text).await?;
            out.show(&t, |t| format!("Imported '{}' ({}) version {}", t.card.name, t.card.slug, t.card.version));
        }
        TemplateCommand::Rate { template, stars } => {
            let t = hub.find_template(org, &template).await?;
            let card = hub.rate_template(org, t.card.id, stars).await?;
            out.show(&card, |c| format!("Rated '{}' {stars}/5; it now has {}", c.slug, rating(c)));
        }
        TemplateCommand::Delete { template, yes } => {
            let t = hub.find_template(org, &template).await?;
            if !yes {
                if !prompt::interactive() {
                    return Err(AppError::invalid(
                        "deleting a template asks first: pass --yes to delete it without asking",
                    ));
                }
                if !prompt::confirm(&format!("Delete the template '{}' ({})?", t.card.name, t.card.slug))? {
                    return Err(AppError::new(ErrorCode::Cancelled, "nothing was deleted"));
                }
            }
            hub.delete_template(org, t.card.id).await?;
            out.show(&serde_json::json!({ "deleted": t.card.id }), |_| {
                format!("Deleted the template '{}'", t.card.slug)
            });
        }
    }
    Ok(0)
}

fn query(text: Option<String>, f: TemplateFilters) -> AppResult<TemplateQuery> {
    Ok(TemplateQuery {
        text: text.filter(|t| !t.trim().is_empty()),
        category: f.category.map(category_of).transpose()?,
        difficulty: f.difficulty.map(difficulty_of).transpose()?,
        integration: f.integration.map(super::integration::provider_of),
        source: f.source.map(source_of),
        cleanup_suggested: f.stale.then_some(true),
        sort: f.sort.parse().map_err(|e| AppError::invalid(format!("--sort: {e}")))?,
        page: PageRequest::new(f.limit, f.offset),
    })
}

fn name_of(v: impl ValueEnum) -> String {
    v.to_possible_value().map(|p| p.get_name().to_string()).unwrap_or_default()
}

pub(crate) fn category_of(c: CategoryArg) -> AppResult<TemplateCategory> {
    name_of(c).parse().map_err(|e| AppError::invalid(format!("--category: {e}")))
}

pub(crate) fn difficulty_of(d: DifficultyArg) -> AppResult<DifficultyLevel> {
    name_of(d).parse().map_err(|e| AppError::invalid(format!("--difficulty: {e}")))
}

fn source_of(s: SourceArg) -> TemplateSource {
    match s {
        SourceArg::Builtin => TemplateSource::Builtin,
        SourceArg::Private => TemplateSource::Private,
        SourceArg::Imported => TemplateSource::Imported,
    }
}

fn rating(c: &TemplateCard) -> String {
    match c.rating.count {
        0 => "no rating".into(),
        n => format!("{:.1}/5 from {n} rating{}", c.rating.average(), if n == 1 { "" } else { "s" }),
    }
}

fn cards(r: &TemplateResults, facets: bool) -> String {
    if r.page.items.is_empty() {
        return "No template matches.".into();
    }
    let rows = r
        .page
        .items
        .iter()
        .map(|c| {
            vec![
                format!("{}{}", c.slug, if c.featured { " ★" } else { "" }),
                c.category.to_string(),
                c.difficulty.to_string(),
                c.integrations.iter().map(|p| p.as_str().to_lowercase()).collect::<Vec<_>>().join(","),
                if c.rating.count == 0 {
                    "-".into()
                } else {
                    format!("{:.1} ({})", c.rating.average(), c.rating.count)
                },
                c.usage_count.to_string(),
                format!("${}", dollars(c.estimate_cost_micros)),
                format!("{}{}", c.name, if c.cleanup_suggested { "  [unused 180 days]" } else { "" }),
            ]
        })
        .collect();
    let mut text = table(&["SLUG", "CATEGORY", "DIFFICULTY", "NEEDS", "RATING", "DEPLOYS", "COST/RUN", "NAME"], rows);
    let shown = r.page.offset as i64 + r.page.items.len() as i64;
    text.push_str(&format!("\n{}–{} of {}", r.page.offset + 1, shown, r.page.total));
    if facets {
        let line = |name: &str, f: &[neuroflow_types::FacetCount]| {
            let parts: Vec<String> =
                f.iter().filter(|x| x.count > 0).map(|x| format!("{} {}", x.value.to_lowercase(), x.count)).collect();
            format!("\n{name}: {}", parts.join(" · "))
        };
        text.push_str(&line("categories", &r.facets.categories));
        text.push_str(&line("difficulty", &r.facets.difficulties));
        text.push_str(&line("integrations", &r.facets.integrations));
    }
    text
}

fn describe(d: &TemplateDetail, document: bool) -> String {
    let (c, f) = (&d.template.card, &d.template.file);
    let mut s = format!(
        "{} ({} {}, {})\n{}\n\n{} · {} · about {} minutes to set up · {} · deployed {} time(s)\nper run: about {} tokens, ${} ({})",
        c.name,
        c.slug,
        c.version,
        c.source.as_str().to_lowercase(),
        c.description,
        c.category,
        c.difficulty,
        c.setup_minutes,
        rating(c),
        c.usage_count,
        c.estimate_tokens,
        dollars(c.estimate_cost_micros),
        f.estimate.note
    );
    if let Some(why) = &d.blocked {
        s.push_str(&format!("\n\nThis app cannot deploy it: {why}"));
    }
    s.push_str("\n\nIntegrations:");
    for need in &d.integrations {
        let have = match (need.preselected, need.candidates.len()) {
            (Some(_), _) => format!("you have '{}'", need.candidates[0].name),
            (None, 0) => "you have none yet".to_string(),
            (None, n) => format!("choose one of your {n}"),
        };
        s.push_str(&format!("\n  {} ({}): {} — {have}", need.key, need.provider, need.purpose));
    }
    if !d.agents.is_empty() {
        s.push_str("\nAgents:");
        for need in &d.agents {
            let ready = if need.suggested_provider_ready { "" } else { " (its model provider needs a key first)" };
            s.push_str(&format!("\n  {} — {}: {}{ready}", need.key, need.role, need.description));
        }
    }
    if !f.requires.variables.is_empty() {
        s.push_str("\nVariables:");
        for v in &f.requires.variables {
            let req = if v.required { "required" } else { "optional" };
            s.push_str(&format!("\n  {} ({req}): {} — e.g. {}", v.name, v.description, v.example));
        }
    }
    if f.compliance.texts_people {
        let field = f.compliance.consent_field.as_deref().unwrap_or("?");
        s.push_str(&format!("\nTexts people only with recorded consent ({field})."));
    }
    s.push_str(&format!("\n\nSample input:\n{}", serde_json::to_string_pretty(&f.sample_input).unwrap_or_default()));
    if !d.deployments.is_empty() {
        s.push_str("\n\nDeployed here:");
        for dep in &d.deployments {
            let on = if dep.is_active { "on" } else { "off" };
            s.push_str(&format!(
                "\n  {} ({}) version {} — {on}, {}",
                dep.workflow_name,
                dep.workflow_id,
                dep.version,
                when(&dep.deployed_at)
            ));
        }
    }
    if document {
        s.push_str(&format!("\n\n{}", serde_json::to_string_pretty(&f.document).unwrap_or_default()));
    }
    s
}
