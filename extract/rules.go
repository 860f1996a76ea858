package extract

// Drop lists shared by several templates.
var (
	xinhuaDrop = []string{
		"#articleEdit", ".editor", "span.editor", "[id^=DH-PLAYER]", ".player-container",
		".pageShare", ".nextpage", ".tiyi1", "#advisebox01", ".video-url", ".lb", ".zan-wrap",
		".zan-wap", ".tadd",
	}
	// xinhuaPager holds the page links of multi-page stories
	// (c_123.htm → c_123_2.htm).
	xinhuaPager = []string{"#div_currpage", "div.nextpage", "#listPage", ".detail-page"}
	peoplePager = []string{"div.zdfy", "div.page_n"}
	peopleDrop  = []string{
		"div.edit", ".paper_num", ".box_pic", ".bza", ".tjewm", ".tjewm1", ".zdfy", ".page_n", "#rwb_tjyd",
	}
)

// Rules returns the table of known templates, most specific first. Each call
// returns a fresh table, so a caller changing it cannot affect Extract.
func Rules() []Rule {
	return []Rule{
		{
			Name:    "xinhua-2023",
			Hosts:   []string{".news.cn", ".xinhuanet.com"},
			Markers: []string{"div.head-line span.title", "#detail"},
			Title:   []string{"div.head-line h1 span.title", "div.mheader h1 span.title"},
			Date:    []string{"div.mheader div.info", "div.header-time"},
			Body:    []string{"span#detailContent", "div#detail"},
			Drop:    xinhuaDrop,
			Editor:  []string{"span.editor"},
			Origin:  []string{"div.header-cont div.source", "div.mheader div.info span"},
			Pager:   xinhuaPager,
		},
		{
			Name:    "xinhua-2016",
			Hosts:   []string{".xinhuanet.com", ".news.cn"},
			Markers: []string{"div.h-title", "#p-detail"},
			Title:   []string{"div.h-title"},
			Date:    []string{"span.h-time", "div.h-info"},
			Body:    []string{"#p-detail"},
			Drop:    append([]string{".p-right .p-editor", "#p-detail .p-editor"}, xinhuaDrop...),
			Editor:  []string{".p-editor", "span.p-jc"},
			Origin:  []string{"div.h-info"},
			Pager:   xinhuaPager,
		},
		{
			// Regional channels of the 2010s (he.xinhuanet.com …): a table
			// layout with presentational attributes as the only markers.
			Name:    "xinhua-regional-2012",
			Hosts:   []string{".xinhuanet.com"},
			Markers: []string{"td[height='40'] font", "td[bgcolor='#f3f3f3'] font", "td[height='700'] p"},
			Title:   []string{"td[height='40'] font"},
			Date:    []string{"td[bgcolor='#f3f3f3']"},
			Body:    []string{"td[height='700']"},
			Author:  []string{"td.topxian:first-child"},
			Editor:  []string{"td.topxian:nth-child(2)"},
			Origin:  []string{"td[bgcolor='#f3f3f3']"},
		},
		{
			Name:    "xinhua-regional-2020",
			Hosts:   []string{".news.cn", ".xinhuanet.com"},
			Markers: []string{"div.source span.time", "#detail"},
			Title:   []string{"div.head-line h1", "h1"},
			Date:    []string{"div.source span.time"},
			Body:    []string{"span#detailContent", "div#detail"},
			Drop:    xinhuaDrop,
			Editor:  []string{"span.editor"},
			Origin:  []string{"div.source"},
			Pager:   xinhuaPager,
		},
		{
			// english.news.cn: the stamp is often only in the URL and the
			// "CITY, Jan. 15 (Xinhua) --" dateline.
			Name:    "xinhua-en",
			Hosts:   []string{"english.news.cn", "english.xinhuanet.com", "www.xinhuanet.com"},
			Markers: []string{"#detailContent"},
			Title:   []string{"div.Btitle", "h1"},
			Date:    []string{"div.wzzy .time", "p.time", "span.time"},
			Body:    []string{"#detailContent"},
			Drop:    xinhuaDrop,
		},
		{
			Name:    "people-en-2019",
			Hosts:   []string{"en.people.cn", ".en.people.cn", "en.people.com.cn"},
			Markers: []string{"div.d2txtCon", "div.origin"},
			Title:   []string{"div.d2txtCon h1"},
			Date:    []string{"div.origin span"},
			Body:    []string{"div.d2txtCon"},
			Drop:    []string{"h1", "div.route", "div.origin", "div.editor"},
			Editor:  []string{"div.d2txtCon div.editor"},
			Origin:  []string{"div.origin"},
		},
		{
			Name:    "banyuetan-2019",
			Hosts:   []string{".banyuetan.org"},
			Markers: []string{"div.detail_tit h1", "#detail_content"},
			Title:   []string{"div.detail_tit h1"},
			Date:    []string{"div.detail_tit_time"},
			Body:    []string{"#detail_content"},
			Drop:    []string{"#listPage", ".detail-page"},
			Editor:  []string{"div.detail_author"},
			Origin:  []string{"div.detail_tit_source"},
			Pager:   xinhuaPager,
		},
		{
			// The print edition's article page (no saved copy: see
			// testdata/constructed). Header "2024年05月10日 星期五", page label
			// "第04版：要闻", then kicker h3, title h1, subtitle h2, byline h4
			// (or p.sec) and the text in #ozoom, or in <founder-content> in
			// the 2025 layout (/rmrb/pc/content/…) as public scrapers describe it.
			Name:       "rmrb-print",
			Hosts:      []string{"paper.people.com.cn"},
			Markers:    []string{"div.text_c, div.article", "#ozoom, founder-content"},
			Title:      []string{"div.text_c > h1", "div.article > h1"},
			Kicker:     []string{"div.text_c > h3", "div.article > h3"},
			Subtitle:   []string{"div.text_c > h2", "div.article > h2"},
			Author:     []string{"div.text_c > h4", "div.article > p.sec", "div.article > h4"},
			Date:       []string{"div.date-box p.date", "div.ban_t span.date", "div.date"},
			Body:       []string{"#ozoom", "founder-content"},
			PrintLabel: []string{"div.paper-bot p.ban", "p.left.ban", "div.ban_t span.ban"},
		},
		{
			// The first h1 of this template is the site logo.
			Name:      "people-2024",
			Hosts:     []string{".people.com.cn", ".people.cn"},
			Markers:   []string{"div.rm_txt_con", "meta[name='contentid']"},
			Title:     []string{"div.col-1 h1", "div.title h2"},
			Kicker:    []string{"div.col-1 h3.pre"},
			Subtitle:  []string{"div.col-1 h4.sub"},
			Date:      []string{"div.col-1-1", "div.channel"},
			Body:      []string{"div.rm_txt_con"},
			Drop:      peopleDrop,
			Author:    []string{"div.col-1 div.author"},
			Editor:    []string{"div.rm_txt_con div.edit", "div.edit"},
			Origin:    []string{"div.col-1-1"},
			Pager:     peoplePager,
			PrintLink: []string{"div.col-1-1 a"},
		},
		{
			Name:      "people-2019",
			Hosts:     []string{".people.com.cn", ".people.cn"},
			Markers:   []string{"div.box01", "#rwb_zw"},
			Title:     []string{"div.text_title h1", "div.clearfix h1"},
			Kicker:    []string{"div.text_title h3.pre"},
			Subtitle:  []string{"div.text_title h4.sub"},
			Date:      []string{"div.box01 div.fl"},
			Body:      []string{"#rwb_zw"},
			Drop:      peopleDrop,
			Author:    []string{"div.text_title p.author"},
			Editor:    []string{"div.edit"},
			Origin:    []string{"div.box01 div.fl"},
			Pager:     peoplePager,
			PrintLink: []string{"div.box01 div.fl a"},
		},
		{
			Name:    "people-2009",
			Hosts:   []string{".people.com.cn", ".people.cn"},
			Markers: []string{"#p_title", "#p_content"},
			Title:   []string{"#p_title"},
			Date:    []string{"#p_publishtime"},
			Body:    []string{"#p_content"},
			// Related-story links are appended inside #p_content as bold links.
			Drop:   []string{"#p_editor", "#p_content > b:has(a)"},
			Editor: []string{"#p_editor"},
			Origin: []string{"#p_origin"},
			Pager:  peoplePager,
		},
		{
			Name:    "gmw-2018",
			Hosts:   []string{".gmw.cn"},
			Markers: []string{"h1.u-title", "div.u-mainText"},
			Title:   []string{"h1.u-title"},
			Date:    []string{"span.m-con-time"},
			Body:    []string{"div.u-mainText"},
			Drop:    []string{".liability", ".m-zbTool", "#SubtitlePh"},
			Editor:  []string{"span.liability"},
			Origin:  []string{"span.m-con-source"},
		},
		{
			Name:    "gmw-2017",
			Hosts:   []string{".gmw.cn"},
			Markers: []string{"#articleTitle", "#contentMain"},
			Title:   []string{"h1#articleTitle"},
			Date:    []string{"#pubTime"},
			Body:    []string{"#contentMain"},
			Drop:    []string{"#contentLiability", ".liability"},
			Author:  []string{"#author_baidu"},
			Editor:  []string{"#editor_baidu"},
			Origin:  []string{"#contentMsg #source"},
		},
		{
			Name:     "chinadaily-2018",
			Hosts:    []string{".chinadaily.com.cn"},
			Markers:  []string{"#Content", "meta[name='contentid'][content^='WS']"},
			Title:    []string{"div.ce_art h1", "h1.dabiaoti", "div.lft_art h1", "div.container-left2 h1"},
			Subtitle: []string{"div.ce_art h2"},
			Date:     []string{"span.info_l", "div.fenx div.xinf-le", "div.info"},
			Body:     []string{"#Content"},
			Drop:     []string{"div[style*='text-align:right']", ".selectpage", "#apDiv1"},
			Origin:   []string{"div.fenx div.xinf-le"},
		},
		{
			Name:    "kepu-2023",
			Hosts:   []string{".kepu.gov.cn"},
			Markers: []string{"div.detil-new-title", "div.detil-new-cont"},
			Title:   []string{"div.detil-new-title > div"},
			Date:    []string{"div.detil-new-title ul"},
			Body:    []string{"div.detil-new-cont"},
			Origin:  []string{"div.detil-new-title ul"},
		},
		{
			// gov.cn and its UCAP-built sub-sites: the date is only in
			// meta[name=firstpublishedtime], read by the shared meta step.
			Name:    "govcn-ucap",
			Hosts:   []string{".gov.cn"},
			Markers: []string{"#UCAP-CONTENT", "meta[name='firstpublishedtime']"},
			Title:   []string{"div.article h1", "div.pages-title", "h1"},
			Date:    []string{"div.pages-date"},
			Body:    []string{"#UCAP-CONTENT"},
			Origin:  []string{"div.pages-date span.font"},
		},
		{
			// TRS-built sites of the Chinese space programme (cmse.gov.cn).
			Name:    "cmse-trs",
			Hosts:   []string{".cmse.gov.cn"},
			Markers: []string{"div.artDet_crumbs, div.title", "div.article div.TRS_Editor"},
			Title:   []string{"div.mainCon div.title", "div.title"},
			Date:    []string{"div.info div.pubDate"},
			Body:    []string{"div.article"},
			Drop:    []string{"div.pageSource", "div.prenextBox", "div.info", "div.footer"},
			Editor:  []string{"div.pageSource"},
		},
		{
			// Changjiang Daily (cjn.cn), a TRS template; the pager is
			// written by a script.
			Name:    "cjn-trs",
			Hosts:   []string{".cjn.cn"},
			Markers: []string{"h1.art-title", "div.art-main"},
			Title:   []string{"h1.art-title"},
			Date:    []string{"div.art-meta span.pub-time"},
			Body:    []string{"div.art-main"},
			Pager:   []string{"div.art-main div.page"},
			Origin:  []string{"div.art-meta span.sour"},
		},
		{
			// China Youth Online (youth.cn): the 2024 template (div.page_bt)
			// and the 2017 one (div.l_tit) share the TRS body and the
			// Baidu-tagged editor and time spans.
			Name:    "youth-trs",
			Hosts:   []string{".youth.cn"},
			Markers: []string{"div.TRS_Editor", "#editor_baidu"},
			Title:   []string{"div.page_bt p.pbt", "div.l_tit"},
			Date:    []string{"div.page_bt p.pwz", "#pubtime_baidu"},
			Body:    []string{"div.page_text div.TRS_Editor", "div.article div.TRS_Editor", "div.TRS_Editor"},
			Pager:   []string{"div.fy"},
			Editor:  []string{"#editor_baidu"},
			Origin:  []string{"div.page_bt p.pwz", "#source_baidu"},
		},
		{
			// China.com.cn channels (travel., news. …), ENP-built.
			Name:    "chinacomcn-enp",
			Hosts:   []string{".china.com.cn"},
			Markers: []string{"h1.article_title", "div.article"},
			Title:   []string{"h1.article_title"},
			Date:    []string{"div.inform span", "div.inform"},
			Body:    []string{"div.content_left div.article", "div.article"},
			Drop:    []string{"div.editor", "div.relevant", "#vf"},
			Editor:  []string{"div.article div.editor"},
			Origin:  []string{"div.inform"},
		},
		{
			// theorychina.org.cn in every language: title h1.main_tit, a
			// "source | author | time" line p.art_info, text in div.body.
			Name:    "theorychina",
			Hosts:   []string{".theorychina.org.cn"},
			Markers: []string{"h1.main_tit", "p.art_info"},
			Title:   []string{"h1.main_tit"},
			Date:    []string{"p.art_info"},
			Body:    []string{"div.detail_con div.body", "div.body"},
			Drop:    []string{"p.zoom", "div.ye"},
		},
	}
}
