"""View models: everything a template shows, computed from the catalogue, one module per page family.

common (rows, tags, links), records (paper and dataset pages), lists (listing pages),
figures (taxonomy, statistics, explorer). Templates only display what these functions hand
them: labels looked up, lists sorted, links resolved, counts counted. Each function takes
the page it renders for, so links are relative to that page.
"""

from .common import (
                    Fact,
                    Link,
                    PaperRow,
                    Tag,
                    dataset_row,
                    distinct_short_name,
                    external_links,
                    paper_row,
                    tag,
                    term_anchor,
)
from .figures import explorer, statistics, taxonomy, taxonomy_tree
from .lists import (
                    application,
                    applications_index,
                    challenge,
                    challenges_index,
                    datasets_index,
                    downloads,
                    future_directions,
                    home,
                    subfield,
                    subfield_datasets,
                    surveys,
)
from .records import dataset, paper
from .results import benchmark, results_index
from .gaps import gaps
from .compare import compare_page

__all__ = ["benchmark", "compare_page", "gaps", "results_index", "Fact", "Link", "PaperRow", "Tag", "application", "applications_index", "challenge", "challenges_index",
           "dataset", "dataset_row", "datasets_index", "distinct_short_name", "downloads", "explorer", "external_links",
           "future_directions", "home", "paper", "paper_row", "statistics", "subfield", "subfield_datasets", "surveys",
           "tag", "taxonomy", "taxonomy_tree", "term_anchor"]
