//! Posts written in other languages than English (accented Latin scripts, Chinese, Japanese), so
//! the demo shows and search can be tried on accents and on text written without spaces.

/// A hand-written post: its language (as on profiles, to pick an author who speaks it), kind,
/// title, tags, body and answers in the same language.
pub(super) struct ForeignPost {
    pub language: &'static str,
    pub kind: &'static str,
    pub title: &'static str,
    pub tags: &'static [&'static str],
    pub body: &'static str,
    pub answers: &'static [&'static str],
}

pub(super) const FOREIGN: &[ForeignPost] = &[
    ForeignPost {
        language: "French",
        kind: "question",
        title: "Comment organiser la passation de connaissances avant un départ ?",
        tags: &["documentation", "knowledge-base-writing"],
        body: "Une collègue de l'équipe quitte l'entreprise à la fin du mois, et elle est la seule à \
            connaître la procédure de clôture trimestrielle.\n\n\
            Nous avons déjà :\n\n\
            - une liste des tâches récurrentes\n\
            - deux séances d'accompagnement prévues\n\n\
            Comment faites-vous pour que la passation ne dépende pas de la mémoire d'une seule \
            personne ? Un modèle de document à partager ?",
        answers: &[
            "Chez nous, chaque départ déclenche une « semaine de passation » : la personne qui part \
             anime, la personne qui reprend écrit. C'est le meilleur moyen de vérifier que tout est \
             compris.",
            "Je conseille d'enregistrer une courte vidéo de chaque procédure. Ce n'est pas élégant, \
             mais c'est très efficace et rapide à réaliser.",
        ],
    },
    ForeignPost {
        language: "French",
        kind: "lesson_learned",
        title: "Retour d'expérience : la migration de la paie vers Workday",
        tags: &["payroll", "workday"],
        body: "Après huit mois de préparation, la paie de nos équipes européennes est passée sur \
            Workday en septembre.\n\n\
            ## Ce qui a bien marché\n\n\
            - un calendrier réaliste, validé avec la comptabilité\n\
            - des tests en parallèle pendant deux cycles de paie\n\n\
            ## Ce que nous ferions différemment\n\n\
            Impliquer les responsables d'équipe plus tôt : les questions sur les congés et les \
            heures supplémentaires sont arrivées trop tard. La qualité des données reste le \
            premier chantier.",
        answers: &[],
    },
    ForeignPost {
        language: "Spanish",
        kind: "question",
        title: "¿Cómo gestionamos la documentación técnica en español y en inglés?",
        tags: &["technical-writing", "localization"],
        body: "En el equipo de Bogotá escribimos la mayoría de la documentación en español, pero \
            los compañeros de otras oficinas necesitan la versión en inglés.\n\n\
            ¿Mantenéis dos versiones de cada página, o hay una opción más sencilla? Nos \
            preocupa que la información quede desactualizada en una de las dos lenguas.",
        answers: &[
            "Nosotros escribimos primero en inglés y añadimos un resumen en español al principio. \
             La gestión del conocimiento es más fácil con una sola fuente.",
            "Probamos la traducción automática con revisión humana: funciona bien para guías, \
             no tanto para decisiones de diseño.",
        ],
    },
    ForeignPost {
        language: "Spanish",
        kind: "best_practice",
        title: "Buenas prácticas para la gestión del conocimiento en equipos distribuidos",
        tags: &["documentation", "remote-team-leadership"],
        body: "Después de un año trabajando entre Madrid, Ciudad de México y Lisboa, estas son \
            las prácticas que mantenemos:\n\n\
            1. Cada decisión importante se escribe, con fecha y responsable.\n\
            2. Las reuniones terminan con un acta breve en la página del proyecto.\n\
            3. La información se publica donde todos la encuentran, no en mensajes privados.\n\n\
            La documentación no es burocracia: es cortesía hacia el compañero que llegará mañana.",
        answers: &[],
    },
    ForeignPost {
        language: "Portuguese",
        kind: "question",
        title: "Como preparar a integração de novos colegas em São Paulo?",
        tags: &["onboarding-design", "mentoring"],
        body: "Vamos receber cinco pessoas novas no escritório de São Paulo no próximo mês.\n\n\
            Já temos um plano de integração para a primeira semana, mas falta a parte da \
            mentoria. Alguém já organizou um programa de padrinhos para novos colegas? \
            Quais foram as lições da experiência?",
        answers: &[
            "Em Lisboa cada pessoa nova tem um padrinho de outra equipa durante três meses. A \
             conversa semanal de meia hora faz toda a diferença na integração.",
        ],
    },
    ForeignPost {
        language: "Portuguese",
        kind: "article",
        title: "Gestão do conhecimento: o que aprendemos com as reuniões de retrospectiva",
        tags: &["facilitation", "documentation"],
        body: "As retrospectivas só geram aprendizagem quando as ações são registadas e \
            acompanhadas.\n\n\
            Na nossa equipa, cada retrospectiva termina com no máximo três ações, cada uma com \
            um responsável. A revisão acontece no início da sessão seguinte. A informação fica \
            numa página partilhada, acessível a todos os colegas da organização.",
        answers: &[],
    },
    ForeignPost {
        language: "German",
        kind: "question",
        title: "Wie dokumentieren wir Entscheidungen im Team, ohne dass es zu bürokratisch wird?",
        tags: &["documentation", "decision-making"],
        body: "In unserem Team in München gehen Entscheidungen oft in Besprechungen verloren. \
            Später weiß niemand mehr, warum etwas so gemacht wurde.\n\n\
            Gibt es eine schlanke Vorlage für Entscheidungsprotokolle? Wir möchten die Übergabe \
            an neue Kolleginnen und Kollegen verbessern, ohne mehr Größe und Aufwand.",
        answers: &[
            "Wir nutzen eine einseitige Vorlage: Kontext, Optionen, Entscheidung, Begründung. Das \
             dauert zehn Minuten und spart später Stunden.",
        ],
    },
    ForeignPost {
        language: "German",
        kind: "lesson_learned",
        title: "Was wir aus dem Ausfall der Zahlungsschnittstelle gelernt haben",
        tags: &["incident-management", "payment-systems"],
        body: "Im März war die Zahlungsschnittstelle für knapp zwei Stunden gestört.\n\n\
            ## Was passiert ist\n\n\
            Ein Zertifikat war abgelaufen, und die Überwachung hat es nicht gemeldet.\n\n\
            ## Was wir geändert haben\n\n\
            - Ablaufdaten werden jetzt vier Wochen vorher gemeldet\n\
            - die Rufbereitschaft hat eine aktualisierte Checkliste\n\
            - jede Störung bekommt eine schuldfreie Nachbesprechung",
        answers: &[],
    },
    ForeignPost {
        language: "Mandarin",
        kind: "question",
        title: "如何在团队中推动知识管理？",
        tags: &["documentation", "change-management"],
        body: "我们团队的很多经验只存在于个人的脑子里，新员工入职时很难找到需要的资料。\n\n\
            我们想建立一个知识管理的流程：文档怎么写、放在哪里、谁来维护。\
            有没有同事在其他部门做过类似的尝试？欢迎分享经验。",
        answers: &[
            "我们部门的做法是每个项目结束后写一页总结，放在共享的知识库里，并且每季度整理一次。\
             关键是要有明确的负责人。",
            "建议从新员工最常问的十个问题开始，先把这些答案写下来，知识管理就有了第一步。",
        ],
    },
    ForeignPost {
        language: "Mandarin",
        kind: "best_practice",
        title: "新员工入职指南：我们的最佳实践",
        tags: &["onboarding-design", "mentoring"],
        body: "上海办公室今年迎来了二十多位新同事，以下是我们总结的做法：\n\n\
            - 入职第一天安排一位导师\n\
            - 第一周完成三次一对一交流\n\
            - 第一个月结束时进行回顾\n\n\
            好的入职体验能让新员工更快融入团队，也能减少重复的问题。",
        answers: &[],
    },
    ForeignPost {
        language: "Japanese",
        kind: "question",
        title: "ナレッジ共有を習慣にするにはどうすればいいですか？",
        tags: &["documentation", "knowledge-base-writing"],
        body: "東京のチームでは、会議で決まったことがドキュメントに残らないことが多いです。\n\n\
            ナレッジ共有を日常の習慣にするために、他のチームではどのような工夫をしていますか？\
            テンプレートや振り返りの方法があれば教えてください。",
        answers: &[
            "私たちは毎週金曜日に十五分だけ「書く時間」を設けています。小さな習慣ですが、\
             ナレッジ共有が確実に増えました。",
        ],
    },
    ForeignPost {
        language: "Japanese",
        kind: "lesson_learned",
        title: "障害対応から学んだこと：オンコール体制の見直し",
        tags: &["on-call-practices", "incident-management"],
        body: "先月の障害では、連絡体制が不明確だったために対応が遅れました。\n\n\
            ## 学んだこと\n\n\
            - 連絡先の一覧を常に最新にする\n\
            - 障害の振り返りは責任追及ではなく改善のために行う\n\
            - 手順書は実際に使ってみて初めて完成する",
        answers: &[],
    },
];
