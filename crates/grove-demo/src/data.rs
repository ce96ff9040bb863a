//! The fixed tables the generator draws from: organizations, departments and teams, skills,
//! offices, names, interests, goals. Plain `static` data, checked by the tests at the bottom
//! (every skill a team or department names exists, no duplicates).

/// The home organization.
pub const HOME_NAME: &str = "Northwind Labs";
pub const HOME_DOMAIN: &str = "northwind.example";

/// Career dates are relative to this month (year, month 1-12); `joined_days_ago` counts back from
/// its first day.
pub const AS_OF: (i32, u32) = (2026, 11);

pub const VALUES: &[&str] = &[
    "Integrity",
    "Curiosity",
    "Generosity",
    "Ownership",
    "Openness",
    "Courage",
    "Inclusion",
];

/// A team template: teams of a department are cut from these in order, so the first ones exist
/// even in a small organization.
pub struct TeamSpec {
    pub name: &'static str,
    /// Job family of its members: "Data Engineer" becomes "Junior Data Engineer", "Senior ...".
    pub role: &'static str,
    /// Title of the team lead (seniority 4).
    pub lead: &'static str,
    pub skills: &'static [&'static str],
    /// Members of seniority 2+ run programs or communities on Grove (role Lead).
    pub platform_leads: bool,
}

pub struct DepartmentSpec {
    pub name: &'static str,
    /// Relative share of the home organization's members.
    pub weight: u32,
    pub head: &'static str,
    pub director: &'static str,
    /// Prefix for seniority 1: "Junior" or "Associate".
    pub junior: &'static str,
    /// Chance, in percent, that a team sits at headquarters rather than a hub chosen by weight.
    pub hq_percent: u32,
    /// Departments it works with most; ties across departments lean towards these.
    pub related: &'static [&'static str],
    pub core_skills: &'static [&'static str],
    pub interests: &'static [&'static str],
    pub teams: &'static [TeamSpec],
}

pub struct PartnerSpec {
    pub name: &'static str,
    pub domain: &'static str,
    /// Department of the home organization its staff work with.
    pub department: &'static str,
    /// Share of all partner staff, in percent.
    pub share: u32,
    pub head: &'static str,
    pub hubs: &'static [&'static str],
    pub teams: &'static [TeamSpec],
}

/// Index of the executive office in [`DEPARTMENTS`]; its head is the chief executive.
pub const EXECUTIVE: usize = 0;
/// Index of the People department; its head is the demo admin.
pub const PEOPLE: usize = 10;

macro_rules! team {
    ($name:expr, $role:expr, $lead:expr, [$($s:expr),* $(,)?]) => {
        TeamSpec { name: $name, role: $role, lead: $lead, skills: &[$($s),*], platform_leads: false }
    };
    ($name:expr, $role:expr, $lead:expr, [$($s:expr),* $(,)?], leads) => {
        TeamSpec { name: $name, role: $role, lead: $lead, skills: &[$($s),*], platform_leads: true }
    };
}

pub const DEPARTMENTS: &[DepartmentSpec] = &[
    DepartmentSpec {
        name: "Executive Office",
        weight: 0,
        head: "Chief Executive Officer",
        director: "Director of Strategy",
        junior: "Associate",
        hq_percent: 100,
        related: &["Operations", "Finance", "People", "Sales"],
        core_skills: &[
            "Strategic planning",
            "Executive communication",
            "Decision making",
            "Stakeholder management",
            "OKRs",
        ],
        interests: &["strategy", "leadership", "economics"],
        teams: &[team!(
            "Office of the CEO",
            "Strategy Analyst",
            "Chief of Staff",
            [
                "Competitive analysis",
                "Business writing",
                "Program management",
                "Financial modelling",
                "Presentation skills"
            ]
        )],
    },
    DepartmentSpec {
        name: "Engineering",
        weight: 300,
        head: "VP Engineering",
        director: "Director of Engineering",
        junior: "Junior",
        hq_percent: 10,
        related: &[
            "Product",
            "Design",
            "Data & Analytics",
            "IT & Security",
            "Customer Success",
        ],
        core_skills: &[
            "Code review",
            "System design",
            "Git",
            "Continuous integration",
            "Debugging",
            "SQL",
            "Test automation",
            "API design",
            "Docker",
            "Technical writing",
            "Agile delivery",
        ],
        interests: &[
            "open source",
            "developer tooling",
            "distributed systems",
            "functional programming",
            "mechanical keyboards",
        ],
        teams: &[
            team!(
                "Payments",
                "Software Engineer",
                "Engineering Manager, Payments",
                [
                    "Rust",
                    "Go",
                    "Payment systems",
                    "PostgreSQL",
                    "Kafka",
                    "Distributed systems",
                    "Domain-driven design",
                    "PCI DSS",
                    "gRPC"
                ]
            ),
            team!(
                "Platform",
                "Platform Engineer",
                "Engineering Manager, Platform",
                [
                    "Kubernetes",
                    "Terraform",
                    "Go",
                    "AWS",
                    "Helm",
                    "Infrastructure as code",
                    "Observability",
                    "Service mesh",
                    "Linux administration"
                ]
            ),
            team!(
                "Web",
                "Frontend Engineer",
                "Engineering Manager, Web",
                [
                    "TypeScript",
                    "JavaScript",
                    "React",
                    "CSS",
                    "Web accessibility",
                    "Web performance",
                    "GraphQL",
                    "Playwright",
                    "Design systems"
                ]
            ),
            team!(
                "Identity",
                "Software Engineer",
                "Engineering Manager, Identity",
                [
                    "Rust",
                    "OAuth and OpenID Connect",
                    "Identity and access management",
                    "Cryptography",
                    "PostgreSQL",
                    "Application security",
                    "REST API design"
                ]
            ),
            team!(
                "Mobile",
                "Mobile Engineer",
                "Engineering Manager, Mobile",
                [
                    "Kotlin",
                    "Swift",
                    "Android development",
                    "iOS development",
                    "React Native",
                    "Mobile testing",
                    "Offline-first design"
                ]
            ),
            team!(
                "Infrastructure",
                "Site Reliability Engineer",
                "SRE Manager",
                [
                    "Site reliability engineering",
                    "Incident management",
                    "Prometheus",
                    "Grafana",
                    "OpenTelemetry",
                    "Capacity planning",
                    "Linux administration",
                    "Chaos engineering",
                    "On-call practices"
                ]
            ),
            team!(
                "Search",
                "Software Engineer",
                "Engineering Manager, Search",
                [
                    "Elasticsearch",
                    "Java",
                    "Information retrieval",
                    "Python",
                    "Caching",
                    "Performance optimization",
                    "Natural language processing"
                ]
            ),
            team!(
                "Integrations",
                "Backend Engineer",
                "Engineering Manager, Integrations",
                [
                    "Python",
                    "Node.js",
                    "REST API design",
                    "Webhooks",
                    "Event-driven architecture",
                    "RabbitMQ",
                    "Contract testing"
                ]
            ),
            team!(
                "Developer Experience",
                "Software Engineer",
                "Engineering Manager, Developer Experience",
                [
                    "Rust",
                    "Build systems",
                    "GitHub Actions",
                    "Bash",
                    "Monorepo tooling",
                    "Developer productivity",
                    "Feature flags"
                ]
            ),
            team!(
                "Billing",
                "Backend Engineer",
                "Engineering Manager, Billing",
                [
                    "Java",
                    "Kotlin",
                    "PostgreSQL",
                    "Revenue recognition",
                    "Event-driven architecture",
                    "Microservices",
                    "Kafka"
                ]
            ),
            team!(
                "Quality",
                "QA Engineer",
                "QA Manager",
                [
                    "Exploratory testing",
                    "Playwright",
                    "Performance testing",
                    "Quality strategy",
                    "Contract testing",
                    "Load testing",
                    "Python"
                ]
            ),
            team!(
                "Notifications",
                "Backend Engineer",
                "Engineering Manager, Notifications",
                [
                    "Go",
                    "Redis",
                    "Kafka",
                    "Concurrency",
                    "Microservices",
                    "Email deliverability"
                ]
            ),
        ],
    },
    DepartmentSpec {
        name: "Product",
        weight: 60,
        head: "VP Product",
        director: "Director of Product",
        junior: "Associate",
        hq_percent: 15,
        related: &[
            "Engineering",
            "Design",
            "Data & Analytics",
            "Marketing",
            "Customer Success",
        ],
        core_skills: &[
            "Product discovery",
            "Roadmapping",
            "Prioritization",
            "User stories",
            "Product analytics",
            "Stakeholder management",
            "OKRs",
            "Product strategy",
        ],
        interests: &["product thinking", "behavioral science", "startups"],
        teams: &[
            team!(
                "Core Product",
                "Product Manager",
                "Group Product Manager",
                [
                    "Jobs to be done",
                    "A/B testing",
                    "Competitive analysis",
                    "Release management",
                    "Usability testing"
                ]
            ),
            team!(
                "Growth",
                "Product Manager",
                "Group Product Manager, Growth",
                [
                    "Product-led growth",
                    "Experiment design",
                    "Pricing strategy",
                    "Customer segmentation",
                    "SQL"
                ]
            ),
            team!(
                "Platform Product",
                "Technical Product Manager",
                "Group Product Manager, Platform",
                [
                    "Platform product management",
                    "API design",
                    "System design",
                    "Technical writing"
                ]
            ),
            team!(
                "Product Operations",
                "Product Operations Specialist",
                "Product Operations Lead",
                [
                    "Jira administration",
                    "Process improvement",
                    "Release management",
                    "Documentation"
                ]
            ),
        ],
    },
    DepartmentSpec {
        name: "Design",
        weight: 40,
        head: "Head of Design",
        director: "Director of Design",
        junior: "Junior",
        hq_percent: 15,
        related: &["Product", "Engineering", "Marketing"],
        core_skills: &[
            "Figma",
            "Design thinking",
            "Prototyping",
            "Usability testing",
            "Accessibility (WCAG)",
            "Workshop facilitation",
            "Journey mapping",
        ],
        interests: &[
            "typography",
            "illustration",
            "architecture",
            "accessibility",
        ],
        teams: &[
            team!(
                "Product Design",
                "Product Designer",
                "Design Manager",
                [
                    "Interaction design",
                    "UI design",
                    "Visual design",
                    "Information architecture",
                    "Design systems"
                ]
            ),
            team!(
                "User Research",
                "UX Researcher",
                "Research Manager",
                [
                    "UX research",
                    "Interviewing users",
                    "Survey design",
                    "Qualitative analysis",
                    "Service design"
                ]
            ),
            team!(
                "Design Systems",
                "Product Designer",
                "Design Systems Lead",
                [
                    "Design systems",
                    "UI design",
                    "CSS",
                    "Design tokens",
                    "Web accessibility"
                ]
            ),
            team!(
                "Content Design",
                "Content Designer",
                "Content Design Lead",
                [
                    "Content design",
                    "UX writing",
                    "Information architecture",
                    "Localization"
                ]
            ),
            team!(
                "Brand Studio",
                "Brand Designer",
                "Brand Studio Lead",
                [
                    "Brand design",
                    "Illustration",
                    "Motion design",
                    "Visual design",
                    "Video production"
                ]
            ),
        ],
    },
    DepartmentSpec {
        name: "Data & Analytics",
        weight: 70,
        head: "Head of Data",
        director: "Director of Data",
        junior: "Junior",
        hq_percent: 10,
        related: &["Engineering", "Product", "Finance", "Marketing"],
        core_skills: &[
            "SQL",
            "Python",
            "Data modelling",
            "Statistics",
            "Data visualization",
            "Data quality",
            "Data storytelling",
        ],
        interests: &["open data", "AI ethics", "visualization", "astronomy"],
        teams: &[
            team!(
                "Analytics",
                "Data Analyst",
                "Analytics Manager",
                [
                    "Looker",
                    "Tableau",
                    "A/B testing",
                    "Product analytics",
                    "Experiment design",
                    "dbt"
                ]
            ),
            team!(
                "Data Platform",
                "Data Engineer",
                "Data Engineering Manager",
                [
                    "Apache Spark",
                    "Airflow",
                    "dbt",
                    "Snowflake",
                    "ETL pipelines",
                    "Kafka",
                    "Data warehousing",
                    "Scala"
                ]
            ),
            team!(
                "Machine Learning",
                "Machine Learning Engineer",
                "Machine Learning Manager",
                [
                    "Machine learning",
                    "PyTorch",
                    "MLOps",
                    "Recommender systems",
                    "Deep learning",
                    "LLM applications",
                    "Kubernetes"
                ]
            ),
            team!(
                "Data Science",
                "Data Scientist",
                "Data Science Manager",
                [
                    "Causal inference",
                    "Forecasting",
                    "Time series analysis",
                    "R",
                    "scikit-learn",
                    "Pandas",
                    "Bayesian statistics"
                ]
            ),
            team!(
                "Business Intelligence",
                "BI Analyst",
                "BI Manager",
                [
                    "Power BI",
                    "Data warehousing",
                    "Financial reporting",
                    "BigQuery",
                    "Dashboard design"
                ]
            ),
            team!(
                "Data Governance",
                "Data Governance Analyst",
                "Data Governance Lead",
                [
                    "Data governance",
                    "GDPR",
                    "Data cataloguing",
                    "Data protection",
                    "Policy writing"
                ]
            ),
        ],
    },
    DepartmentSpec {
        name: "Sales",
        weight: 120,
        head: "VP Sales",
        director: "Director of Sales",
        junior: "Associate",
        hq_percent: 8,
        related: &[
            "Marketing",
            "Customer Success",
            "Legal",
            "Finance",
            "Product",
        ],
        core_skills: &[
            "Negotiation",
            "Prospecting",
            "Salesforce",
            "Pipeline management",
            "Discovery calls",
            "Objection handling",
            "Sales forecasting",
            "Account management",
        ],
        interests: &["golf", "public policy", "travel", "podcasts"],
        teams: &[
            team!(
                "Enterprise Sales",
                "Account Executive",
                "Enterprise Sales Manager",
                [
                    "Enterprise sales",
                    "Solution selling",
                    "Value-based selling",
                    "Contract negotiation",
                    "Proposal writing",
                    "Executive communication"
                ]
            ),
            team!(
                "Sales Development",
                "Sales Development Representative",
                "Sales Development Manager",
                [
                    "Cold outreach",
                    "Prospecting",
                    "HubSpot",
                    "Customer segmentation",
                    "Business writing"
                ]
            ),
            team!(
                "Solutions Engineering",
                "Solutions Engineer",
                "Solutions Engineering Manager",
                [
                    "Sales engineering",
                    "Product demos",
                    "API design",
                    "System design",
                    "Implementation consulting"
                ]
            ),
            team!(
                "Mid-Market Sales",
                "Account Executive",
                "Mid-Market Sales Manager",
                [
                    "Solution selling",
                    "Territory planning",
                    "Proposal writing",
                    "Renewals"
                ]
            ),
            team!(
                "Partnerships",
                "Partner Manager",
                "Partnerships Manager",
                [
                    "Partner sales",
                    "Stakeholder management",
                    "Go-to-market planning",
                    "Contract negotiation"
                ]
            ),
            team!(
                "Public Sector",
                "Account Executive",
                "Public Sector Sales Manager",
                [
                    "Public sector sales",
                    "Proposal writing",
                    "Regulatory compliance",
                    "Procurement"
                ]
            ),
            team!(
                "Sales Operations",
                "Sales Operations Analyst",
                "Sales Operations Manager",
                [
                    "Salesforce",
                    "Sales forecasting",
                    "SQL",
                    "Process improvement",
                    "Territory planning"
                ]
            ),
        ],
    },
    DepartmentSpec {
        name: "Marketing",
        weight: 60,
        head: "VP Marketing",
        director: "Director of Marketing",
        junior: "Junior",
        hq_percent: 20,
        related: &["Sales", "Product", "Design", "Sustainability & Impact"],
        core_skills: &[
            "Copywriting",
            "Marketing analytics",
            "Brand strategy",
            "Customer segmentation",
            "Storytelling",
            "Market research",
        ],
        interests: &["photography", "film", "design", "social media"],
        teams: &[
            team!(
                "Brand & Content",
                "Content Marketer",
                "Content Marketing Manager",
                [
                    "Content marketing",
                    "SEO",
                    "Video production",
                    "Social media marketing",
                    "Editing"
                ]
            ),
            team!(
                "Community",
                "Community Manager",
                "Community Lead",
                [
                    "Community management",
                    "Event planning",
                    "Facilitation",
                    "Social media marketing",
                    "Public speaking"
                ],
                leads
            ),
            team!(
                "Growth Marketing",
                "Growth Marketer",
                "Growth Marketing Manager",
                [
                    "Growth marketing",
                    "SEM",
                    "Marketing automation",
                    "Email marketing",
                    "A/B testing",
                    "HubSpot"
                ]
            ),
            team!(
                "Product Marketing",
                "Product Marketing Manager",
                "Product Marketing Lead",
                [
                    "Product marketing",
                    "Go-to-market planning",
                    "Competitive analysis",
                    "Pricing strategy",
                    "Presentation skills"
                ]
            ),
            team!(
                "Events",
                "Event Marketer",
                "Events Manager",
                [
                    "Event marketing",
                    "Event planning",
                    "Vendor management",
                    "Budgeting"
                ]
            ),
            team!(
                "Communications",
                "Communications Specialist",
                "Communications Manager",
                [
                    "Public relations",
                    "Internal communications",
                    "Crisis communication",
                    "Business writing"
                ]
            ),
            team!(
                "Demand Generation",
                "Demand Generation Marketer",
                "Demand Generation Manager",
                [
                    "Demand generation",
                    "Marketing automation",
                    "Webinar production",
                    "HubSpot"
                ]
            ),
        ],
    },
    DepartmentSpec {
        name: "Customer Success",
        weight: 100,
        head: "VP Customer Success",
        director: "Director of Customer Success",
        junior: "Associate",
        hq_percent: 8,
        related: &["Sales", "Product", "Engineering"],
        core_skills: &[
            "Customer onboarding",
            "Customer retention",
            "Escalation management",
            "Zendesk",
            "Active listening",
            "Knowledge base writing",
            "Customer health scoring",
        ],
        interests: &["psychology", "languages", "travel", "volunteering"],
        teams: &[
            team!(
                "Customer Success",
                "Customer Success Manager",
                "Customer Success Team Lead",
                [
                    "Account management",
                    "Renewals",
                    "Churn analysis",
                    "Voice of the customer",
                    "Customer advocacy"
                ]
            ),
            team!(
                "Support",
                "Support Engineer",
                "Support Manager",
                [
                    "Technical support",
                    "Troubleshooting",
                    "SQL",
                    "Service level management",
                    "API design"
                ]
            ),
            team!(
                "Onboarding",
                "Implementation Consultant",
                "Implementation Manager",
                [
                    "Implementation consulting",
                    "Project management",
                    "Training delivery",
                    "Data migration"
                ]
            ),
            team!(
                "Customer Education",
                "Customer Education Specialist",
                "Customer Education Manager",
                [
                    "Instructional design",
                    "Training delivery",
                    "Video production",
                    "Technical writing"
                ]
            ),
            team!(
                "Renewals",
                "Renewals Manager",
                "Renewals Team Lead",
                [
                    "Renewals",
                    "Negotiation",
                    "Sales forecasting",
                    "Churn analysis"
                ]
            ),
        ],
    },
    DepartmentSpec {
        name: "Operations",
        weight: 60,
        head: "Chief Operating Officer",
        director: "Director of Operations",
        junior: "Associate",
        hq_percent: 25,
        related: &["Finance", "People", "IT & Security", "Legal"],
        core_skills: &[
            "Project management",
            "Process improvement",
            "Vendor management",
            "Operational analytics",
            "Advanced Excel",
            "Business continuity",
        ],
        interests: &["urban planning", "logistics", "sustainability"],
        teams: &[
            team!(
                "Business Operations",
                "Business Operations Analyst",
                "Business Operations Manager",
                [
                    "Operational analytics",
                    "SQL",
                    "OKRs",
                    "Financial modelling",
                    "Lean"
                ]
            ),
            team!(
                "Program Management Office",
                "Program Manager",
                "PMO Lead",
                [
                    "Program management",
                    "Agile delivery",
                    "Scrum",
                    "Kanban",
                    "Risk assessment",
                    "Jira administration"
                ]
            ),
            team!(
                "Procurement",
                "Procurement Specialist",
                "Procurement Manager",
                [
                    "Procurement",
                    "Contract negotiation",
                    "Vendor management",
                    "Spend analysis"
                ]
            ),
            team!(
                "Workplace",
                "Workplace Coordinator",
                "Workplace Manager",
                [
                    "Facilities management",
                    "Workplace experience",
                    "Travel management",
                    "Event planning"
                ]
            ),
            team!(
                "Supply & Logistics",
                "Logistics Coordinator",
                "Logistics Manager",
                [
                    "Supply chain management",
                    "Logistics",
                    "Six Sigma",
                    "Quality management (ISO 9001)"
                ]
            ),
        ],
    },
    DepartmentSpec {
        name: "Finance",
        weight: 40,
        head: "Head of Finance",
        director: "Finance Director",
        junior: "Junior",
        hq_percent: 50,
        related: &["Operations", "Legal", "People", "Sales"],
        core_skills: &[
            "Financial reporting",
            "Budgeting",
            "Advanced Excel",
            "Management accounting",
            "NetSuite",
            "IFRS",
        ],
        interests: &["economics", "investing", "chess"],
        teams: &[
            team!(
                "FP&A",
                "Financial Analyst",
                "FP&A Manager",
                [
                    "Financial modelling",
                    "FP&A",
                    "Financial forecasting",
                    "Power BI",
                    "Scenario planning"
                ]
            ),
            team!(
                "Accounting",
                "Accountant",
                "Accounting Manager",
                [
                    "Accounts payable",
                    "Accounts receivable",
                    "Audit",
                    "US GAAP",
                    "Revenue recognition"
                ]
            ),
            team!(
                "Tax & Treasury",
                "Tax Specialist",
                "Tax & Treasury Manager",
                ["Tax compliance", "Transfer pricing", "Treasury management"]
            ),
            team!(
                "Payroll",
                "Payroll Specialist",
                "Payroll Manager",
                ["Payroll", "Employment law", "Expense management"]
            ),
            team!(
                "Revenue Accounting",
                "Revenue Accountant",
                "Revenue Accounting Manager",
                ["Revenue recognition", "Cost accounting", "SAP"]
            ),
        ],
    },
    DepartmentSpec {
        name: "People",
        weight: 40,
        head: "Head of People",
        director: "Director of People",
        junior: "Associate",
        hq_percent: 35,
        related: &["Finance", "Operations", "Legal", "Sustainability & Impact"],
        core_skills: &[
            "Employee relations",
            "Performance management",
            "HR analytics",
            "Onboarding design",
            "Employment law",
            "Diversity, equity and inclusion",
            "Workday",
        ],
        interests: &[
            "psychology",
            "mental health",
            "DEI",
            "neurodiversity",
            "coaching",
        ],
        teams: &[
            team!(
                "Learning & Development",
                "Learning & Development Partner",
                "Learning & Development Manager",
                [
                    "Learning design",
                    "Instructional design",
                    "Mentoring programme design",
                    "Career frameworks",
                    "Talent development",
                    "Facilitation",
                    "Coaching"
                ],
                leads
            ),
            team!(
                "People Operations",
                "People Operations Specialist",
                "People Operations Manager",
                [
                    "HR operations",
                    "Workday",
                    "Onboarding design",
                    "Policy writing",
                    "Data protection"
                ]
            ),
            team!(
                "Talent Acquisition",
                "Recruiter",
                "Talent Acquisition Manager",
                [
                    "Recruiting",
                    "Interviewing",
                    "Employer branding",
                    "Sourcing",
                    "Workforce planning"
                ]
            ),
            team!(
                "People Partners",
                "People Partner",
                "Lead People Partner",
                [
                    "Organizational design",
                    "Change management",
                    "Succession planning",
                    "Coaching",
                    "Conflict resolution"
                ],
                leads
            ),
            team!(
                "Total Rewards",
                "Compensation Analyst",
                "Total Rewards Manager",
                [
                    "Compensation and benefits",
                    "HR analytics",
                    "Advanced Excel",
                    "Payroll"
                ]
            ),
            team!(
                "Employee Experience",
                "Employee Experience Specialist",
                "Employee Experience Manager",
                [
                    "Employee engagement",
                    "Wellbeing programmes",
                    "Survey design",
                    "Internal communications"
                ],
                leads
            ),
        ],
    },
    DepartmentSpec {
        name: "Legal",
        weight: 15,
        head: "General Counsel",
        director: "Deputy General Counsel",
        junior: "Associate",
        hq_percent: 60,
        related: &["Finance", "Sales", "People", "IT & Security"],
        core_skills: &[
            "Contract drafting",
            "Legal research",
            "Commercial law",
            "Risk assessment",
            "GDPR",
            "Negotiation",
        ],
        interests: &["history", "philosophy", "public policy"],
        teams: &[
            team!(
                "Commercial Legal",
                "Legal Counsel",
                "Senior Counsel, Commercial",
                [
                    "Contract negotiation",
                    "Intellectual property",
                    "Open-source licensing",
                    "Litigation management"
                ]
            ),
            team!(
                "Privacy & Compliance",
                "Compliance Specialist",
                "Privacy Lead",
                [
                    "Data protection",
                    "Privacy impact assessment",
                    "Regulatory compliance",
                    "Anti-bribery compliance",
                    "AI regulation",
                    "Policy writing"
                ]
            ),
            team!(
                "Corporate Legal",
                "Legal Counsel",
                "Senior Counsel, Corporate",
                [
                    "Corporate governance",
                    "Employment law",
                    "Export controls",
                    "Mergers and acquisitions"
                ]
            ),
        ],
    },
    DepartmentSpec {
        name: "IT & Security",
        weight: 40,
        head: "Chief Information Security Officer",
        director: "Director of IT",
        junior: "Junior",
        hq_percent: 20,
        related: &["Engineering", "Operations", "Legal"],
        core_skills: &[
            "ITIL",
            "Security awareness training",
            "Identity and access management",
            "Incident response",
            "Networking",
            "Zero trust networking",
        ],
        interests: &["privacy", "home automation", "retro gaming", "3D printing"],
        teams: &[
            team!(
                "Security Operations",
                "Security Analyst",
                "Security Operations Manager",
                [
                    "Security operations",
                    "Threat modelling",
                    "Vulnerability management",
                    "Incident response",
                    "Penetration testing"
                ]
            ),
            team!(
                "IT Support",
                "IT Support Specialist",
                "IT Support Manager",
                [
                    "Help desk",
                    "Endpoint management",
                    "Mobile device management",
                    "Microsoft 365 administration",
                    "Google Workspace administration"
                ]
            ),
            team!(
                "Security Engineering",
                "Security Engineer",
                "Security Engineering Manager",
                [
                    "Application security",
                    "Cloud security",
                    "Cryptography",
                    "Threat modelling",
                    "Rust",
                    "Go"
                ]
            ),
            team!(
                "Corporate Systems",
                "Systems Administrator",
                "Corporate Systems Manager",
                [
                    "Okta",
                    "SaaS management",
                    "Linux administration",
                    "Bash",
                    "Asset management"
                ]
            ),
            team!(
                "Governance, Risk & Compliance",
                "GRC Analyst",
                "GRC Manager",
                [
                    "ISO 27001",
                    "SOC 2",
                    "Risk assessment",
                    "Business continuity",
                    "Policy writing"
                ]
            ),
        ],
    },
    DepartmentSpec {
        name: "Sustainability & Impact",
        weight: 15,
        head: "Head of Sustainability & Impact",
        director: "Director of Impact",
        junior: "Junior",
        hq_percent: 30,
        related: &["Marketing", "People", "Operations"],
        core_skills: &[
            "Impact measurement",
            "Stakeholder engagement",
            "ESG strategy",
            "Sustainability reporting",
            "Grant management",
        ],
        interests: &["climate action", "volunteering", "gardening", "cycling"],
        teams: &[
            team!(
                "Social Impact",
                "Impact Programme Coordinator",
                "Social Impact Lead",
                [
                    "Community partnerships",
                    "Volunteering programmes",
                    "Social enterprise",
                    "Facilitation"
                ],
                leads
            ),
            team!(
                "Sustainability",
                "Sustainability Analyst",
                "Sustainability Manager",
                [
                    "Carbon accounting",
                    "CSRD reporting",
                    "Life cycle assessment",
                    "Circular economy"
                ]
            ),
        ],
    },
];

pub const PARTNERS: &[PartnerSpec] = &[
    PartnerSpec {
        name: "Brightwater Consulting",
        domain: "brightwater.example",
        department: "Engineering",
        share: 45,
        head: "Engagement Director",
        hubs: &["London", "Amsterdam", "Warsaw"],
        teams: &[
            team!(
                "Brightwater Delivery",
                "Consultant",
                "Engagement Manager",
                [
                    "Kubernetes",
                    "Java",
                    "TypeScript",
                    "Agile delivery",
                    "Stakeholder management",
                    "Microservices"
                ]
            ),
            team!(
                "Brightwater Data Practice",
                "Data Consultant",
                "Data Practice Lead",
                [
                    "Apache Spark",
                    "dbt",
                    "Data modelling",
                    "Snowflake",
                    "Stakeholder management"
                ]
            ),
        ],
    },
    PartnerSpec {
        name: "Kestrel Foundation",
        domain: "kestrel-foundation.example",
        department: "Sustainability & Impact",
        share: 35,
        head: "Programme Director",
        hubs: &["Nairobi", "Cape Town", "Accra"],
        teams: &[
            team!(
                "Kestrel Programmes",
                "Programme Officer",
                "Programme Manager",
                [
                    "Grant management",
                    "Impact measurement",
                    "Community partnerships",
                    "Monitoring and evaluation",
                    "Stakeholder engagement"
                ]
            ),
            team!(
                "Kestrel Digital Skills",
                "Digital Skills Trainer",
                "Digital Skills Lead",
                [
                    "Training delivery",
                    "Instructional design",
                    "Python",
                    "Facilitation",
                    "Volunteering programmes"
                ]
            ),
        ],
    },
    PartnerSpec {
        name: "Meridian Institute of Technology",
        domain: "meridian-tech.example",
        department: "Data & Analytics",
        share: 20,
        head: "Director of Industry Partnerships",
        hubs: &["Toronto", "Bengaluru"],
        teams: &[
            team!(
                "Meridian Applied AI Lab",
                "Research Fellow",
                "Principal Investigator",
                [
                    "Machine learning",
                    "Deep learning",
                    "Natural language processing",
                    "Statistics",
                    "Academic writing",
                    "Python"
                ]
            ),
            team!(
                "Meridian Fellows",
                "Research Fellow",
                "Fellowship Lead",
                [
                    "Causal inference",
                    "Statistics",
                    "R",
                    "Academic writing",
                    "Public speaking"
                ]
            ),
        ],
    },
];

/// Skills every member may have regardless of department: how people communicate.
pub const COMMUNICATION: &[&str] = &[
    "Public speaking",
    "Presentation skills",
    "Business writing",
    "Storytelling",
    "Facilitation",
    "Active listening",
    "Cross-cultural communication",
    "Documentation",
    "Giving feedback",
];

/// Skills that come with seniority.
pub const LEADERSHIP: &[&str] = &[
    "People management",
    "Leadership",
    "Mentoring",
    "Coaching",
    "Hiring",
    "Strategic planning",
    "Delegation",
    "Conflict resolution",
    "Cross-functional leadership",
    "Remote team leadership",
    "Budget ownership",
    "Change leadership",
];

/// The skills taxonomy: (name, category). 250-400 entries, names unique.
pub const SKILLS: &[(&str, &str)] = &[
    // Programming languages
    ("Rust", "Programming languages"),
    ("Go", "Programming languages"),
    ("Python", "Programming languages"),
    ("Java", "Programming languages"),
    ("Kotlin", "Programming languages"),
    ("Swift", "Programming languages"),
    ("TypeScript", "Programming languages"),
    ("JavaScript", "Programming languages"),
    ("C#", "Programming languages"),
    ("C++", "Programming languages"),
    ("Scala", "Programming languages"),
    ("Ruby", "Programming languages"),
    ("Elixir", "Programming languages"),
    ("PHP", "Programming languages"),
    ("SQL", "Programming languages"),
    ("Bash", "Programming languages"),
    ("R", "Programming languages"),
    ("Haskell", "Programming languages"),
    ("Dart", "Programming languages"),
    ("CSS", "Programming languages"),
    // Software engineering
    ("API design", "Software engineering"),
    ("REST API design", "Software engineering"),
    ("GraphQL", "Software engineering"),
    ("gRPC", "Software engineering"),
    ("System design", "Software engineering"),
    ("Distributed systems", "Software engineering"),
    ("Microservices", "Software engineering"),
    ("Domain-driven design", "Software engineering"),
    ("Test-driven development", "Software engineering"),
    ("Code review", "Software engineering"),
    ("Refactoring", "Software engineering"),
    ("Performance optimization", "Software engineering"),
    ("Concurrency", "Software engineering"),
    ("Event-driven architecture", "Software engineering"),
    ("Debugging", "Software engineering"),
    ("Software architecture", "Software engineering"),
    ("Git", "Software engineering"),
    ("Continuous integration", "Software engineering"),
    ("Continuous delivery", "Software engineering"),
    ("Feature flags", "Software engineering"),
    ("Monorepo tooling", "Software engineering"),
    ("Build systems", "Software engineering"),
    ("Developer productivity", "Software engineering"),
    ("Payment systems", "Software engineering"),
    ("Webhooks", "Software engineering"),
    ("Caching", "Software engineering"),
    ("Information retrieval", "Software engineering"),
    ("Offline-first design", "Software engineering"),
    ("Email deliverability", "Software engineering"),
    ("WebAssembly", "Software engineering"),
    ("Functional programming", "Software engineering"),
    // Frameworks & platforms
    ("React", "Frameworks & platforms"),
    ("Vue.js", "Frameworks & platforms"),
    ("Angular", "Frameworks & platforms"),
    ("Node.js", "Frameworks & platforms"),
    ("Android development", "Frameworks & platforms"),
    ("iOS development", "Frameworks & platforms"),
    ("React Native", "Frameworks & platforms"),
    ("Flutter", "Frameworks & platforms"),
    ("Spring Boot", "Frameworks & platforms"),
    ("Django", "Frameworks & platforms"),
    ("Ruby on Rails", "Frameworks & platforms"),
    (".NET", "Frameworks & platforms"),
    ("Web accessibility", "Frameworks & platforms"),
    ("Web performance", "Frameworks & platforms"),
    // Databases & messaging
    ("PostgreSQL", "Databases & messaging"),
    ("MySQL", "Databases & messaging"),
    ("SQLite", "Databases & messaging"),
    ("Redis", "Databases & messaging"),
    ("MongoDB", "Databases & messaging"),
    ("Kafka", "Databases & messaging"),
    ("RabbitMQ", "Databases & messaging"),
    ("Elasticsearch", "Databases & messaging"),
    ("Database design", "Databases & messaging"),
    // Cloud & infrastructure
    ("Kubernetes", "Cloud & infrastructure"),
    ("Docker", "Cloud & infrastructure"),
    ("Terraform", "Cloud & infrastructure"),
    ("AWS", "Cloud & infrastructure"),
    ("Google Cloud", "Cloud & infrastructure"),
    ("Azure", "Cloud & infrastructure"),
    ("Linux administration", "Cloud & infrastructure"),
    ("Networking", "Cloud & infrastructure"),
    ("Observability", "Cloud & infrastructure"),
    ("Prometheus", "Cloud & infrastructure"),
    ("Grafana", "Cloud & infrastructure"),
    ("OpenTelemetry", "Cloud & infrastructure"),
    ("Incident management", "Cloud & infrastructure"),
    ("Site reliability engineering", "Cloud & infrastructure"),
    ("Capacity planning", "Cloud & infrastructure"),
    ("Infrastructure as code", "Cloud & infrastructure"),
    ("Ansible", "Cloud & infrastructure"),
    ("Helm", "Cloud & infrastructure"),
    ("Service mesh", "Cloud & infrastructure"),
    ("Cloud cost optimization", "Cloud & infrastructure"),
    ("GitHub Actions", "Cloud & infrastructure"),
    ("On-call practices", "Cloud & infrastructure"),
    ("Chaos engineering", "Cloud & infrastructure"),
    ("Nginx", "Cloud & infrastructure"),
    // Quality
    ("Test automation", "Quality"),
    ("Exploratory testing", "Quality"),
    ("Playwright", "Quality"),
    ("Performance testing", "Quality"),
    ("Load testing", "Quality"),
    ("Quality strategy", "Quality"),
    ("Contract testing", "Quality"),
    ("Mobile testing", "Quality"),
    // Security
    ("Application security", "Security"),
    ("Threat modelling", "Security"),
    ("Penetration testing", "Security"),
    ("Identity and access management", "Security"),
    ("OAuth and OpenID Connect", "Security"),
    ("Cryptography", "Security"),
    ("Security operations", "Security"),
    ("Vulnerability management", "Security"),
    ("Cloud security", "Security"),
    ("Security awareness training", "Security"),
    ("Incident response", "Security"),
    ("ISO 27001", "Security"),
    ("SOC 2", "Security"),
    ("PCI DSS", "Security"),
    ("Zero trust networking", "Security"),
    // Data & AI
    ("Data modelling", "Data & AI"),
    ("Data warehousing", "Data & AI"),
    ("dbt", "Data & AI"),
    ("Apache Spark", "Data & AI"),
    ("Airflow", "Data & AI"),
    ("ETL pipelines", "Data & AI"),
    ("Data governance", "Data & AI"),
    ("Data quality", "Data & AI"),
    ("Data cataloguing", "Data & AI"),
    ("Statistics", "Data & AI"),
    ("Bayesian statistics", "Data & AI"),
    ("A/B testing", "Data & AI"),
    ("Experiment design", "Data & AI"),
    ("Machine learning", "Data & AI"),
    ("Deep learning", "Data & AI"),
    ("Natural language processing", "Data & AI"),
    ("Computer vision", "Data & AI"),
    ("MLOps", "Data & AI"),
    ("Recommender systems", "Data & AI"),
    ("Forecasting", "Data & AI"),
    ("Time series analysis", "Data & AI"),
    ("Causal inference", "Data & AI"),
    ("Data visualization", "Data & AI"),
    ("Dashboard design", "Data & AI"),
    ("Tableau", "Data & AI"),
    ("Power BI", "Data & AI"),
    ("Looker", "Data & AI"),
    ("Pandas", "Data & AI"),
    ("PyTorch", "Data & AI"),
    ("scikit-learn", "Data & AI"),
    ("LLM applications", "Data & AI"),
    ("Prompt engineering", "Data & AI"),
    ("Snowflake", "Data & AI"),
    ("BigQuery", "Data & AI"),
    ("Geospatial analysis", "Data & AI"),
    ("Data migration", "Data & AI"),
    ("Data storytelling", "Data & AI"),
    ("Survey design", "Data & AI"),
    ("Monitoring and evaluation", "Data & AI"),
    // Product management
    ("Product discovery", "Product management"),
    ("Roadmapping", "Product management"),
    ("Product strategy", "Product management"),
    ("Prioritization", "Product management"),
    ("OKRs", "Product management"),
    ("Product analytics", "Product management"),
    ("User stories", "Product management"),
    ("Go-to-market planning", "Product management"),
    ("Pricing strategy", "Product management"),
    ("Competitive analysis", "Product management"),
    ("Product-led growth", "Product management"),
    ("Jobs to be done", "Product management"),
    ("Release management", "Product management"),
    ("Platform product management", "Product management"),
    ("Product demos", "Product management"),
    // Design & research
    ("UX research", "Design & research"),
    ("Usability testing", "Design & research"),
    ("Interviewing users", "Design & research"),
    ("Qualitative analysis", "Design & research"),
    ("Interaction design", "Design & research"),
    ("Visual design", "Design & research"),
    ("UI design", "Design & research"),
    ("Design systems", "Design & research"),
    ("Design tokens", "Design & research"),
    ("Figma", "Design & research"),
    ("Prototyping", "Design & research"),
    ("Information architecture", "Design & research"),
    ("Accessibility (WCAG)", "Design & research"),
    ("Service design", "Design & research"),
    ("Content design", "Design & research"),
    ("UX writing", "Design & research"),
    ("Motion design", "Design & research"),
    ("Illustration", "Design & research"),
    ("Brand design", "Design & research"),
    ("Design thinking", "Design & research"),
    ("Journey mapping", "Design & research"),
    ("Localization", "Design & research"),
    // Sales
    ("Negotiation", "Sales"),
    ("Prospecting", "Sales"),
    ("Enterprise sales", "Sales"),
    ("Solution selling", "Sales"),
    ("Account management", "Sales"),
    ("Pipeline management", "Sales"),
    ("Salesforce", "Sales"),
    ("Sales forecasting", "Sales"),
    ("Cold outreach", "Sales"),
    ("Discovery calls", "Sales"),
    ("Partner sales", "Sales"),
    ("Proposal writing", "Sales"),
    ("Public sector sales", "Sales"),
    ("Sales engineering", "Sales"),
    ("Value-based selling", "Sales"),
    ("Objection handling", "Sales"),
    ("Territory planning", "Sales"),
    // Marketing
    ("Content marketing", "Marketing"),
    ("SEO", "Marketing"),
    ("SEM", "Marketing"),
    ("Social media marketing", "Marketing"),
    ("Email marketing", "Marketing"),
    ("Marketing automation", "Marketing"),
    ("Brand strategy", "Marketing"),
    ("Copywriting", "Marketing"),
    ("Editing", "Marketing"),
    ("Product marketing", "Marketing"),
    ("Event marketing", "Marketing"),
    ("Growth marketing", "Marketing"),
    ("Marketing analytics", "Marketing"),
    ("Public relations", "Marketing"),
    ("Crisis communication", "Marketing"),
    ("Community management", "Marketing"),
    ("Demand generation", "Marketing"),
    ("HubSpot", "Marketing"),
    ("Customer segmentation", "Marketing"),
    ("Market research", "Marketing"),
    ("Video production", "Marketing"),
    ("Webinar production", "Marketing"),
    // Customer success
    ("Customer onboarding", "Customer success"),
    ("Customer retention", "Customer success"),
    ("Technical support", "Customer success"),
    ("Troubleshooting", "Customer success"),
    ("Zendesk", "Customer success"),
    ("Escalation management", "Customer success"),
    ("Customer health scoring", "Customer success"),
    ("Knowledge base writing", "Customer success"),
    ("Renewals", "Customer success"),
    ("Customer advocacy", "Customer success"),
    ("Service level management", "Customer success"),
    ("Churn analysis", "Customer success"),
    ("Voice of the customer", "Customer success"),
    ("Implementation consulting", "Customer success"),
    // Finance
    ("Financial modelling", "Finance"),
    ("Budgeting", "Finance"),
    ("Financial forecasting", "Finance"),
    ("Scenario planning", "Finance"),
    ("Financial reporting", "Finance"),
    ("IFRS", "Finance"),
    ("US GAAP", "Finance"),
    ("Management accounting", "Finance"),
    ("Accounts payable", "Finance"),
    ("Accounts receivable", "Finance"),
    ("Payroll", "Finance"),
    ("Tax compliance", "Finance"),
    ("Transfer pricing", "Finance"),
    ("Treasury management", "Finance"),
    ("Audit", "Finance"),
    ("FP&A", "Finance"),
    ("Revenue recognition", "Finance"),
    ("Cost accounting", "Finance"),
    ("Investor relations", "Finance"),
    ("Advanced Excel", "Finance"),
    ("Mergers and acquisitions", "Finance"),
    ("Expense management", "Finance"),
    ("Spend analysis", "Finance"),
    ("SAP", "Finance"),
    ("NetSuite", "Finance"),
    // Legal & compliance
    ("GDPR", "Legal & compliance"),
    ("Contract drafting", "Legal & compliance"),
    ("Contract negotiation", "Legal & compliance"),
    ("Commercial law", "Legal & compliance"),
    ("Employment law", "Legal & compliance"),
    ("Intellectual property", "Legal & compliance"),
    ("Data protection", "Legal & compliance"),
    ("Regulatory compliance", "Legal & compliance"),
    ("Corporate governance", "Legal & compliance"),
    ("Privacy impact assessment", "Legal & compliance"),
    ("Anti-bribery compliance", "Legal & compliance"),
    ("Open-source licensing", "Legal & compliance"),
    ("Litigation management", "Legal & compliance"),
    ("Export controls", "Legal & compliance"),
    ("Policy writing", "Legal & compliance"),
    ("Risk assessment", "Legal & compliance"),
    ("Legal research", "Legal & compliance"),
    ("AI regulation", "Legal & compliance"),
    // People & HR
    ("Recruiting", "People & HR"),
    ("Interviewing", "People & HR"),
    ("Sourcing", "People & HR"),
    ("Employer branding", "People & HR"),
    ("Onboarding design", "People & HR"),
    ("Performance management", "People & HR"),
    ("Compensation and benefits", "People & HR"),
    ("HR analytics", "People & HR"),
    ("HR operations", "People & HR"),
    ("Employee relations", "People & HR"),
    ("Workforce planning", "People & HR"),
    ("Learning design", "People & HR"),
    ("Instructional design", "People & HR"),
    ("Training delivery", "People & HR"),
    ("Diversity, equity and inclusion", "People & HR"),
    ("Change management", "People & HR"),
    ("Organizational design", "People & HR"),
    ("Employee engagement", "People & HR"),
    ("Workday", "People & HR"),
    ("Succession planning", "People & HR"),
    ("Wellbeing programmes", "People & HR"),
    ("Talent development", "People & HR"),
    ("Career frameworks", "People & HR"),
    ("Mentoring programme design", "People & HR"),
    // Operations
    ("Project management", "Operations"),
    ("Program management", "Operations"),
    ("Process improvement", "Operations"),
    ("Lean", "Operations"),
    ("Six Sigma", "Operations"),
    ("Supply chain management", "Operations"),
    ("Vendor management", "Operations"),
    ("Procurement", "Operations"),
    ("Logistics", "Operations"),
    ("Facilities management", "Operations"),
    ("Business continuity", "Operations"),
    ("Agile delivery", "Operations"),
    ("Scrum", "Operations"),
    ("Kanban", "Operations"),
    ("Jira administration", "Operations"),
    ("Workplace experience", "Operations"),
    ("Travel management", "Operations"),
    ("Event planning", "Operations"),
    ("Operational analytics", "Operations"),
    ("Quality management (ISO 9001)", "Operations"),
    // Sustainability & impact
    ("Sustainability reporting", "Sustainability & impact"),
    ("Carbon accounting", "Sustainability & impact"),
    ("ESG strategy", "Sustainability & impact"),
    ("Impact measurement", "Sustainability & impact"),
    ("Volunteering programmes", "Sustainability & impact"),
    ("Grant management", "Sustainability & impact"),
    ("Stakeholder engagement", "Sustainability & impact"),
    ("Social enterprise", "Sustainability & impact"),
    ("Circular economy", "Sustainability & impact"),
    ("Community partnerships", "Sustainability & impact"),
    ("CSRD reporting", "Sustainability & impact"),
    ("Life cycle assessment", "Sustainability & impact"),
    // IT
    ("ITIL", "IT"),
    ("Help desk", "IT"),
    ("Endpoint management", "IT"),
    ("Mobile device management", "IT"),
    ("Okta", "IT"),
    ("Microsoft 365 administration", "IT"),
    ("Google Workspace administration", "IT"),
    ("SaaS management", "IT"),
    ("Asset management", "IT"),
    // Leadership & management
    ("People management", "Leadership & management"),
    ("Leadership", "Leadership & management"),
    ("Mentoring", "Leadership & management"),
    ("Coaching", "Leadership & management"),
    ("Hiring", "Leadership & management"),
    ("Strategic planning", "Leadership & management"),
    ("Stakeholder management", "Leadership & management"),
    ("Decision making", "Leadership & management"),
    ("Delegation", "Leadership & management"),
    ("Conflict resolution", "Leadership & management"),
    ("Cross-functional leadership", "Leadership & management"),
    ("Remote team leadership", "Leadership & management"),
    ("Budget ownership", "Leadership & management"),
    ("Change leadership", "Leadership & management"),
    ("Executive communication", "Leadership & management"),
    // Communication
    ("Public speaking", "Communication"),
    ("Presentation skills", "Communication"),
    ("Technical writing", "Communication"),
    ("Business writing", "Communication"),
    ("Academic writing", "Communication"),
    ("Storytelling", "Communication"),
    ("Facilitation", "Communication"),
    ("Workshop facilitation", "Communication"),
    ("Active listening", "Communication"),
    ("Cross-cultural communication", "Communication"),
    ("Internal communications", "Communication"),
    ("Documentation", "Communication"),
    ("Giving feedback", "Communication"),
];

/// An office city. `utc_offset_minutes` is the standard-time offset (no daylight saving).
pub struct Hub {
    pub city: &'static str,
    pub country: &'static str,
    pub time_zone: &'static str,
    pub utc_offset_minutes: i32,
    pub weight: u32,
    pub languages: &'static [&'static str],
    /// (name culture index into [`CULTURES`], weight) for people living there.
    pub cultures: &'static [(usize, u32)],
}

/// Headquarters: the first hub.
pub const HQ: usize = 0;

// Indices into CULTURES.
const ANGLO: usize = 0;
const LUSO: usize = 1;
const HISPANIC: usize = 2;
const GERMANIC: usize = 3;
const FRENCH: usize = 4;
const SLAVIC: usize = 5;
const SOUTH_ASIAN: usize = 6;
const CHINESE: usize = 7;
const JAPANESE_KOREAN: usize = 8;
const SOUTHEAST_ASIAN: usize = 9;
const WEST_AFRICAN: usize = 10;
const EAST_SOUTH_AFRICAN: usize = 11;
const ARABIC: usize = 12;

macro_rules! hub {
    ($city:expr, $country:expr, $tz:expr, $off:expr, $w:expr, [$($l:expr),*], [$($c:expr),*]) => {
        Hub { city: $city, country: $country, time_zone: $tz, utc_offset_minutes: $off,
              weight: $w, languages: &[$($l),*], cultures: &[$($c),*] }
    };
}

pub const HUBS: &[Hub] = &[
    hub!(
        "Lisbon",
        "Portugal",
        "Europe/Lisbon",
        0,
        14,
        ["Portuguese", "English"],
        [(LUSO, 70), (ANGLO, 5), (HISPANIC, 5), (WEST_AFRICAN, 5)]
    ),
    hub!(
        "London",
        "United Kingdom",
        "Europe/London",
        0,
        10,
        ["English"],
        [
            (ANGLO, 50),
            (SOUTH_ASIAN, 12),
            (WEST_AFRICAN, 8),
            (SLAVIC, 4),
            (CHINESE, 4)
        ]
    ),
    hub!(
        "Berlin",
        "Germany",
        "Europe/Berlin",
        60,
        9,
        ["German", "English"],
        [(GERMANIC, 55), (SLAVIC, 10), (ARABIC, 6), (ANGLO, 5)]
    ),
    hub!(
        "Amsterdam",
        "Netherlands",
        "Europe/Amsterdam",
        60,
        5,
        ["Dutch", "English"],
        [
            (GERMANIC, 55),
            (ANGLO, 8),
            (ARABIC, 6),
            (SOUTHEAST_ASIAN, 4)
        ]
    ),
    hub!(
        "Paris",
        "France",
        "Europe/Paris",
        60,
        4,
        ["French", "English"],
        [(FRENCH, 65), (ARABIC, 12), (WEST_AFRICAN, 6)]
    ),
    hub!(
        "Madrid",
        "Spain",
        "Europe/Madrid",
        60,
        3,
        ["Spanish", "English"],
        [(HISPANIC, 75), (ARABIC, 4)]
    ),
    hub!(
        "Warsaw",
        "Poland",
        "Europe/Warsaw",
        60,
        5,
        ["Polish", "English"],
        [(SLAVIC, 85)]
    ),
    hub!(
        "Stockholm",
        "Sweden",
        "Europe/Stockholm",
        60,
        2,
        ["Swedish", "English"],
        [(GERMANIC, 65), (ARABIC, 6), (SLAVIC, 4)]
    ),
    hub!(
        "Dublin",
        "Ireland",
        "Europe/Dublin",
        0,
        3,
        ["English"],
        [(ANGLO, 65), (SLAVIC, 8), (LUSO, 4)]
    ),
    hub!(
        "Kyiv",
        "Ukraine",
        "Europe/Kyiv",
        120,
        2,
        ["Ukrainian", "English"],
        [(SLAVIC, 90)]
    ),
    hub!(
        "New York",
        "United States",
        "America/New_York",
        -300,
        7,
        ["English"],
        [
            (ANGLO, 45),
            (HISPANIC, 15),
            (CHINESE, 6),
            (SOUTH_ASIAN, 6),
            (WEST_AFRICAN, 6)
        ]
    ),
    hub!(
        "Austin",
        "United States",
        "America/Chicago",
        -360,
        4,
        ["English"],
        [(ANGLO, 50), (HISPANIC, 25), (SOUTH_ASIAN, 6)]
    ),
    hub!(
        "San Francisco",
        "United States",
        "America/Los_Angeles",
        -480,
        4,
        ["English"],
        [
            (ANGLO, 35),
            (CHINESE, 15),
            (SOUTH_ASIAN, 12),
            (HISPANIC, 10),
            (JAPANESE_KOREAN, 6)
        ]
    ),
    hub!(
        "Toronto",
        "Canada",
        "America/Toronto",
        -300,
        5,
        ["English", "French"],
        [
            (ANGLO, 40),
            (SOUTH_ASIAN, 12),
            (CHINESE, 10),
            (FRENCH, 8),
            (SOUTHEAST_ASIAN, 6)
        ]
    ),
    hub!(
        "Mexico City",
        "Mexico",
        "America/Mexico_City",
        -360,
        3,
        ["Spanish", "English"],
        [(HISPANIC, 90)]
    ),
    hub!(
        "São Paulo",
        "Brazil",
        "America/Sao_Paulo",
        -180,
        4,
        ["Portuguese", "English"],
        [(LUSO, 75), (JAPANESE_KOREAN, 6), (HISPANIC, 4), (ARABIC, 4)]
    ),
    hub!(
        "Buenos Aires",
        "Argentina",
        "America/Argentina/Buenos_Aires",
        -180,
        2,
        ["Spanish", "English"],
        [(HISPANIC, 80), (GERMANIC, 4)]
    ),
    hub!(
        "Bogotá",
        "Colombia",
        "America/Bogota",
        -300,
        2,
        ["Spanish", "English"],
        [(HISPANIC, 90)]
    ),
    hub!(
        "Bengaluru",
        "India",
        "Asia/Kolkata",
        330,
        8,
        ["English", "Hindi", "Kannada"],
        [(SOUTH_ASIAN, 95)]
    ),
    hub!(
        "Singapore",
        "Singapore",
        "Asia/Singapore",
        480,
        4,
        ["English", "Mandarin", "Malay"],
        [(CHINESE, 50), (SOUTHEAST_ASIAN, 20), (SOUTH_ASIAN, 12)]
    ),
    hub!(
        "Tokyo",
        "Japan",
        "Asia/Tokyo",
        540,
        3,
        ["Japanese", "English"],
        [(JAPANESE_KOREAN, 85)]
    ),
    hub!(
        "Seoul",
        "South Korea",
        "Asia/Seoul",
        540,
        2,
        ["Korean", "English"],
        [(JAPANESE_KOREAN, 90)]
    ),
    hub!(
        "Sydney",
        "Australia",
        "Australia/Sydney",
        600,
        3,
        ["English"],
        [
            (ANGLO, 55),
            (CHINESE, 10),
            (SOUTH_ASIAN, 8),
            (SOUTHEAST_ASIAN, 6)
        ]
    ),
    hub!(
        "Manila",
        "Philippines",
        "Asia/Manila",
        480,
        3,
        ["Filipino", "English"],
        [(SOUTHEAST_ASIAN, 85), (HISPANIC, 5)]
    ),
    hub!(
        "Jakarta",
        "Indonesia",
        "Asia/Jakarta",
        420,
        2,
        ["Indonesian", "English"],
        [(SOUTHEAST_ASIAN, 88)]
    ),
    hub!(
        "Nairobi",
        "Kenya",
        "Africa/Nairobi",
        180,
        4,
        ["English", "Swahili"],
        [(EAST_SOUTH_AFRICAN, 80), (SOUTH_ASIAN, 6)]
    ),
    hub!(
        "Lagos",
        "Nigeria",
        "Africa/Lagos",
        60,
        3,
        ["English", "Yoruba"],
        [(WEST_AFRICAN, 90)]
    ),
    hub!(
        "Accra",
        "Ghana",
        "Africa/Accra",
        0,
        2,
        ["English", "Twi"],
        [(WEST_AFRICAN, 90)]
    ),
    hub!(
        "Cape Town",
        "South Africa",
        "Africa/Johannesburg",
        120,
        3,
        ["English", "Afrikaans", "Xhosa"],
        [(EAST_SOUTH_AFRICAN, 55), (ANGLO, 20), (GERMANIC, 6)]
    ),
    hub!(
        "Cairo",
        "Egypt",
        "Africa/Cairo",
        120,
        2,
        ["Arabic", "English"],
        [(ARABIC, 92)]
    ),
    hub!(
        "Casablanca",
        "Morocco",
        "Africa/Casablanca",
        60,
        1,
        ["Arabic", "French"],
        [(ARABIC, 85), (FRENCH, 5)]
    ),
    hub!(
        "Dubai",
        "United Arab Emirates",
        "Asia/Dubai",
        240,
        2,
        ["Arabic", "English"],
        [
            (ARABIC, 40),
            (SOUTH_ASIAN, 25),
            (ANGLO, 8),
            (SOUTHEAST_ASIAN, 8)
        ]
    ),
];

/// Languages some people learn on top of their own.
pub const EXTRA_LANGUAGES: &[&str] = &[
    "English",
    "Spanish",
    "French",
    "German",
    "Portuguese",
    "Mandarin",
    "Japanese",
    "Italian",
    "Arabic",
    "Dutch",
    "Korean",
    "Swahili",
];

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Gender {
    Female,
    Male,
    Neutral,
}

pub struct Culture {
    pub first: &'static [(&'static str, Gender)],
    pub last: &'static [&'static str],
    /// Heritage languages a member from this culture may speak wherever they live.
    pub languages: &'static [&'static str],
}

use Gender::{Female as F, Male as M, Neutral as N};

pub const CULTURES: &[Culture] = &[
    Culture {
        first: &[
            ("James", M),
            ("Emily", F),
            ("Oliver", M),
            ("Charlotte", F),
            ("Jack", M),
            ("Sophie", F),
            ("Daniel", M),
            ("Grace", F),
            ("Ryan", M),
            ("Hannah", F),
            ("Alex", N),
            ("Jordan", N),
        ],
        last: &[
            "Smith", "Johnson", "Williams", "Brown", "Taylor", "Wilson", "Davies", "Evans",
            "Thompson", "Walker", "Clarke", "O'Brien",
        ],
        languages: &["English"],
    },
    Culture {
        first: &[
            ("João", M),
            ("Ana", F),
            ("Pedro", M),
            ("Beatriz", F),
            ("Tiago", M),
            ("Inês", F),
            ("Rafael", M),
            ("Mariana", F),
            ("Lucas", M),
            ("Carolina", F),
            ("Gabriel", M),
            ("Joana", F),
        ],
        last: &[
            "Silva",
            "Santos",
            "Ferreira",
            "Oliveira",
            "Costa",
            "Pereira",
            "Rodrigues",
            "Almeida",
            "Carvalho",
            "Sousa",
            "Ribeiro",
            "Gonçalves",
        ],
        languages: &["Portuguese"],
    },
    Culture {
        first: &[
            ("Carlos", M),
            ("Lucía", F),
            ("Javier", M),
            ("Sofía", F),
            ("Diego", M),
            ("Valentina", F),
            ("Alejandro", M),
            ("Camila", F),
            ("Mateo", M),
            ("Isabel", F),
            ("Andrés", M),
            ("Ximena", F),
        ],
        last: &[
            "García",
            "Martínez",
            "López",
            "Hernández",
            "González",
            "Ramírez",
            "Torres",
            "Flores",
            "Morales",
            "Castillo",
            "Vargas",
            "Núñez",
        ],
        languages: &["Spanish"],
    },
    Culture {
        first: &[
            ("Lukas", M),
            ("Anna", F),
            ("Jonas", M),
            ("Lena", F),
            ("Felix", M),
            ("Sanne", F),
            ("Daan", M),
            ("Freya", F),
            ("Erik", M),
            ("Ingrid", F),
            ("Noor", F),
            ("Kim", N),
        ],
        last: &[
            "Müller",
            "Schmidt",
            "Weber",
            "Becker",
            "de Vries",
            "van Dijk",
            "Jansen",
            "Lindqvist",
            "Johansson",
            "Nielsen",
            "Hansen",
            "Fischer",
        ],
        languages: &["German", "Dutch", "Swedish"],
    },
    Culture {
        first: &[
            ("Camille", N),
            ("Louis", M),
            ("Chloé", F),
            ("Hugo", M),
            ("Léa", F),
            ("Antoine", M),
            ("Manon", F),
            ("Julien", M),
            ("Élodie", F),
            ("Mathieu", M),
            ("Amélie", F),
            ("Dominique", N),
        ],
        last: &[
            "Martin", "Bernard", "Dubois", "Lefebvre", "Moreau", "Laurent", "Girard", "Bonnet",
            "Fontaine", "Rousseau", "Mercier", "Lambert",
        ],
        languages: &["French"],
    },
    Culture {
        first: &[
            ("Łukasz", M),
            ("Katarzyna", F),
            ("Piotr", M),
            ("Olena", F),
            ("Dmytro", M),
            ("Anastasia", F),
            ("Marek", M),
            ("Zofia", F),
            ("Tomasz", M),
            ("Iryna", F),
            ("Mykola", M),
            ("Agnieszka", F),
        ],
        last: &[
            "Nowak",
            "Kowalczyk",
            "Wójcik",
            "Shevchenko",
            "Bondarenko",
            "Kovalenko",
            "Horvat",
            "Novák",
            "Petrović",
            "Dvořák",
            "Melnyk",
            "Zieliński",
        ],
        languages: &["Polish", "Ukrainian"],
    },
    Culture {
        first: &[
            ("Aarav", M),
            ("Priya", F),
            ("Rohan", M),
            ("Ananya", F),
            ("Arjun", M),
            ("Kavya", F),
            ("Vikram", M),
            ("Meera", F),
            ("Rahul", M),
            ("Divya", F),
            ("Sanjay", M),
            ("Aditi", F),
        ],
        last: &[
            "Sharma", "Patel", "Iyer", "Reddy", "Gupta", "Nair", "Singh", "Rao", "Menon", "Das",
            "Krishnan", "Banerjee",
        ],
        languages: &["Hindi", "Tamil", "Bengali"],
    },
    Culture {
        first: &[
            ("Wei", M),
            ("Mei", F),
            ("Jun", N),
            ("Xinyi", F),
            ("Hao", M),
            ("Yan", F),
            ("Zhiwei", M),
            ("Jing", F),
            ("Ming", N),
            ("Hui", F),
            ("Tao", M),
            ("Lian", F),
        ],
        last: &[
            "Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Lin",
            "Xu",
        ],
        languages: &["Mandarin", "Cantonese"],
    },
    Culture {
        first: &[
            ("Haruto", M),
            ("Yui", F),
            ("Sota", M),
            ("Aoi", N),
            ("Kenji", M),
            ("Sakura", F),
            ("Min-jun", M),
            ("Ji-woo", N),
            ("Seo-yeon", F),
            ("Hyun-woo", M),
            ("Yuna", F),
            ("Hiroshi", M),
        ],
        last: &[
            "Sato",
            "Suzuki",
            "Takahashi",
            "Tanaka",
            "Watanabe",
            "Yamamoto",
            "Kim",
            "Lee",
            "Park",
            "Choi",
            "Jung",
            "Kang",
        ],
        languages: &["Japanese", "Korean"],
    },
    Culture {
        first: &[
            ("Paolo", M),
            ("Angelica", F),
            ("Budi", M),
            ("Siti", F),
            ("Agus", M),
            ("Dewi", F),
            ("Minh", N),
            ("Linh", F),
            ("Thanh", N),
            ("Putri", F),
            ("Rizal", M),
            ("Mai", F),
        ],
        last: &[
            "Reyes", "Cruz", "Bautista", "Mendoza", "Nguyen", "Tran", "Pham", "Hoang", "Wijaya",
            "Susanto", "Hidayat", "Pratama",
        ],
        languages: &["Filipino", "Indonesian", "Vietnamese"],
    },
    Culture {
        first: &[
            ("Chinedu", M),
            ("Ngozi", F),
            ("Kwame", M),
            ("Ama", F),
            ("Oluwaseun", N),
            ("Adaeze", F),
            ("Kofi", M),
            ("Abena", F),
            ("Emeka", M),
            ("Funmilayo", F),
            ("Tunde", M),
            ("Yaa", F),
        ],
        last: &[
            "Okafor", "Adeyemi", "Mensah", "Boateng", "Okonkwo", "Eze", "Asante", "Owusu",
            "Balogun", "Nwosu", "Adebayo", "Osei",
        ],
        languages: &["Yoruba", "Igbo", "Twi"],
    },
    Culture {
        first: &[
            ("Wanjiru", F),
            ("Kamau", M),
            ("Amani", N),
            ("Zawadi", F),
            ("Baraka", M),
            ("Thandiwe", F),
            ("Sipho", M),
            ("Lerato", F),
            ("Tendai", N),
            ("Nomvula", F),
            ("Jabari", M),
            ("Ngũgĩ", M),
        ],
        last: &[
            "Otieno", "Mwangi", "Ochieng", "Njoroge", "Kariuki", "Dlamini", "Nkosi", "Mokoena",
            "Ndlovu", "Moyo", "Khumalo", "Wambui",
        ],
        languages: &["Swahili", "Zulu", "Xhosa"],
    },
    Culture {
        first: &[
            ("Omar", M),
            ("Layla", F),
            ("Youssef", M),
            ("Fatima", F),
            ("Karim", M),
            ("Nour", N),
            ("Hassan", M),
            ("Amira", F),
            ("Tariq", M),
            ("Salma", F),
            ("Rami", M),
            ("Yasmin", F),
        ],
        last: &[
            "Haddad", "Khalil", "Mansour", "Nasser", "Saleh", "Farouk", "Aziz", "Hamdan",
            "El-Amin", "Benali", "Rahman", "Darwish",
        ],
        languages: &["Arabic"],
    },
];

/// Companies that appear in career histories.
pub const PAST_EMPLOYERS: &[&str] = &[
    "Bluefin Analytics",
    "Harbor & Vine",
    "Copperleaf Systems",
    "Quillmark",
    "Atlas Freight",
    "Saltmarsh Bank",
    "Tidewater Health",
    "Lumen Retail",
    "Foxglove Media",
    "Granite Peak Software",
    "Aster Energy",
    "Ironbark Consulting",
    "Pinecrest University",
    "Redwood Insurance",
    "Oakline Logistics",
    "Silverline Telecom",
    "Marigold Foods",
    "Cobalt Games",
    "Driftwood Travel",
    "Helix Biotech",
    "Northstar Public Services",
    "Kingfisher Payments",
    "Orchard Education",
    "Summit Manufacturing",
    "Wavelength Studios",
    "Cedar & Stone Architects",
];

/// First jobs of people who changed careers.
pub const EARLIER_CAREERS: &[&str] = &[
    "Secondary School Teacher",
    "Barista",
    "Research Assistant",
    "Journalist",
    "Nurse",
    "Retail Associate",
    "Lab Technician",
    "Translator",
    "Musician",
    "Civil Engineer",
];

/// Personal interests (tags), on top of department-flavoured ones.
pub const INTERESTS: &[&str] = &[
    "running",
    "cycling",
    "climbing",
    "hiking",
    "yoga",
    "swimming",
    "football",
    "basketball",
    "cricket",
    "tennis",
    "surfing",
    "sailing",
    "skiing",
    "marathons",
    "photography",
    "board games",
    "chess",
    "cooking",
    "baking",
    "vegan cooking",
    "gardening",
    "coffee",
    "tea",
    "jazz",
    "classical music",
    "guitar",
    "piano",
    "choir",
    "music production",
    "podcasts",
    "science fiction",
    "poetry",
    "reading",
    "writing",
    "painting",
    "ceramics",
    "knitting",
    "woodworking",
    "3D printing",
    "video games",
    "film",
    "theatre",
    "dance",
    "history",
    "philosophy",
    "astronomy",
    "birdwatching",
    "travel",
    "language learning",
    "parenting",
    "volunteering",
    "mental health",
    "sustainability",
    "climate action",
    "urban planning",
    "open source",
    "AI ethics",
    "accessibility",
    "women in tech",
    "meditation",
    "stand-up comedy",
];

/// Career goals. `{skill}` is a skill the member wants to learn, `{strength}` their strongest,
/// `{dept}` their department, `{other}` another department.
pub const GOALS_EARLY: &[&str] = &[
    "Get better at public speaking",
    "Find a mentor outside {dept}",
    "Ship my first project end to end",
    "Learn {skill}",
    "Get hands-on experience with {skill}",
    "Understand how {other} works",
    "Build confidence in giving feedback",
    "Grow into a senior role within two years",
    "Write clearer documentation",
];
pub const GOALS_MID: &[&str] = &[
    "Move into people management",
    "Become the go-to person for {strength}",
    "Lead a cross-team project with {other}",
    "Get better at public speaking",
    "Speak at an external conference",
    "Mentor someone new to {dept}",
    "Learn {skill}",
    "Explore a move into {other}",
    "Get better at stakeholder management",
];
pub const GOALS_SENIOR: &[&str] = &[
    "Grow the next generation of leaders",
    "Build a more inclusive team",
    "Improve collaboration between {dept} and {other}",
    "Coach my managers to coach",
    "Write and publish more about our work",
    "Share what I know about {strength} more widely",
    "Spend more time on strategy and less on status meetings",
    "Get better at {skill}",
    "Prepare for an executive role",
    "Start a community of practice",
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn skill_names_are_unique_and_many() {
        let names: HashSet<&str> = SKILLS.iter().map(|s| s.0).collect();
        assert_eq!(names.len(), SKILLS.len(), "duplicate skill names");
        assert!(
            (250..=400).contains(&SKILLS.len()),
            "{} skills",
            SKILLS.len()
        );
    }

    #[test]
    fn every_named_skill_exists() {
        let names: HashSet<&str> = SKILLS.iter().map(|s| s.0).collect();
        let mut named: Vec<&str> = COMMUNICATION.iter().chain(LEADERSHIP).copied().collect();
        for d in DEPARTMENTS {
            named.extend(d.core_skills);
            for t in d.teams {
                named.extend(t.skills);
            }
        }
        for p in PARTNERS {
            for t in p.teams {
                named.extend(t.skills);
            }
        }
        for n in named {
            assert!(names.contains(n), "unknown skill {n:?}");
        }
    }

    #[test]
    fn tables_hang_together() {
        assert_eq!(DEPARTMENTS[PEOPLE].name, "People");
        assert_eq!(DEPARTMENTS[EXECUTIVE].weight, 0);
        let teams: Vec<&str> = DEPARTMENTS
            .iter()
            .flat_map(|d| d.teams.iter().map(|t| t.name))
            .chain(PARTNERS.iter().flat_map(|p| p.teams.iter().map(|t| t.name)))
            .collect();
        let unique: HashSet<&str> = teams.iter().copied().collect();
        assert_eq!(unique.len(), teams.len(), "team names must be unique");
        for d in DEPARTMENTS {
            for r in d.related {
                assert!(DEPARTMENTS.iter().any(|x| x.name == *r), "unknown {r}");
            }
        }
        for p in PARTNERS {
            assert!(DEPARTMENTS.iter().any(|d| d.name == p.department));
            for h in p.hubs {
                assert!(HUBS.iter().any(|x| x.city == *h), "unknown hub {h}");
            }
        }
        assert_eq!(PARTNERS.iter().map(|p| p.share).sum::<u32>(), 100);
        let firsts: usize = CULTURES.iter().map(|c| c.first.len()).sum();
        let lasts: usize = CULTURES.iter().map(|c| c.last.len()).sum();
        assert!(
            firsts >= 150 && lasts >= 150,
            "{firsts} first, {lasts} last names"
        );
        for h in HUBS {
            assert!(!h.languages.is_empty() && !h.cultures.is_empty());
            assert!(h.cultures.iter().all(|c| c.0 < CULTURES.len()));
        }
    }
}
