// vda5050_json.cc — simdjson's DOM parser flattened into fo_vj_node arrays
// for the C codec (see vda5050_json.h).  Chosen for the hot path: it parses
// the reference state message several times faster than jansson or cJSON.
#include "vda5050_json.h"

#include <simdjson.h>

#include <cstdio>
#include <new>
#include <vector>

struct fo_vj_parser {
	simdjson::dom::parser dom;
	std::vector<fo_vj_node> nodes;
	size_t max_depth;
	explicit fo_vj_parser(size_t max_len) : dom(max_len)
	{
	}
};

namespace
{

// Appends el (and everything under it) to out; returns false on a value
// the C side cannot hold.  Depth is bounded by the parser's max_depth.
// out has room for every value of the document (see fo_vj_parse), so
// nodes are written by index without growing.
bool flatten(simdjson::dom::element el, const char *key, uint32_t keylen, fo_vj_node *out,
             size_t &used)
{
	// Written in place: building it on the stack and copying it stalls on
	// store forwarding, which cost a third of the parse.
	fo_vj_node &node = out[used++];
	node.v.u = 0;
	node.count = 0;
	node.key = key;
	node.keylen = keylen;
	switch (el.type()) {
	case simdjson::dom::element_type::OBJECT: {
		node.type = FO_VJ_OBJECT;
		simdjson::dom::object obj;
		if (el.get_object().get(obj))
			return false;
		uint32_t count = 0;
		for (simdjson::dom::key_value_pair kv : obj) {
			if (!flatten(kv.value, kv.key.data(), (uint32_t)kv.key.size(), out, used))
				return false;
			count++;
		}
		node.count = count;
		break;
	}
	case simdjson::dom::element_type::ARRAY: {
		node.type = FO_VJ_ARRAY;
		simdjson::dom::array arr;
		if (el.get_array().get(arr))
			return false;
		uint32_t count = 0;
		for (simdjson::dom::element child : arr) {
			if (!flatten(child, nullptr, 0, out, used))
				return false;
			count++;
		}
		node.count = count;
		break;
	}
	case simdjson::dom::element_type::STRING: {
		node.type = FO_VJ_STRING;
		std::string_view sv;
		if (el.get_string().get(sv))
			return false;
		node.v.s = sv.data();
		node.count = (uint32_t)sv.size();
		break;
	}
	case simdjson::dom::element_type::INT64:
		node.type = FO_VJ_INT;
		if (el.get_int64().get(node.v.i))
			return false;
		break;
	case simdjson::dom::element_type::UINT64:
		node.type = FO_VJ_UINT;
		if (el.get_uint64().get(node.v.u))
			return false;
		break;
	case simdjson::dom::element_type::DOUBLE:
		node.type = FO_VJ_DOUBLE;
		if (el.get_double().get(node.v.d))
			return false;
		break;
	case simdjson::dom::element_type::BOOL:
		node.type = FO_VJ_BOOL;
		if (el.get_bool().get(node.v.b))
			return false;
		break;
	case simdjson::dom::element_type::NULL_VALUE:
		node.type = FO_VJ_NULL;
		break;
	}
	node.next = (uint32_t)used;
	return true;
}

fo_vj_status status_of(simdjson::error_code e)
{
	switch (e) {
	case simdjson::UTF8_ERROR:
		return FO_VJ_EUTF8;
	case simdjson::DEPTH_ERROR:
		return FO_VJ_EDEPTH;
	case simdjson::CAPACITY:
		return FO_VJ_ECAPACITY;
	case simdjson::MEMALLOC:
		return FO_VJ_ENOMEM;
	case simdjson::NUMBER_ERROR:
	case simdjson::NUMBER_OUT_OF_RANGE:
		return FO_VJ_ENUMBER;
	default:
		return FO_VJ_ESYNTAX;
	}
}

} // namespace

extern "C" fo_vj_parser *fo_vj_parser_new(size_t max_len, size_t max_depth)
{
	fo_vj_parser *p = new (std::nothrow) fo_vj_parser(max_len);
	if (!p)
		return nullptr;
	p->max_depth = max_depth;
	try {
		p->nodes.reserve(256);
	} catch (...) {
		delete p;
		return nullptr;
	}
	// Small to start; simdjson grows the buffers up to max_len on demand
	// but keeps the depth we set here.
	if (p->dom.allocate(4096, max_depth) != simdjson::SUCCESS) {
		delete p;
		return nullptr;
	}
	return p;
}

extern "C" void fo_vj_parser_free(fo_vj_parser *p)
{
	delete p;
}

extern "C" fo_vj_status fo_vj_parse(fo_vj_parser *p, const char *buf, size_t len,
                                    const fo_vj_node **nodes, size_t *n, char *what, size_t whatlen)
{
	*nodes = nullptr;
	*n = 0;
	simdjson::dom::element root;
	simdjson::error_code e = p->dom.parse(buf, len, true).get(root);
	if (e != simdjson::SUCCESS) {
		std::snprintf(what, whatlen, "%s", simdjson::error_message(e));
		return status_of(e);
	}
	size_t used = 0;
	try {
		// Every value takes at least one byte and all but the first a
		// separator too: (len + 1) / 2 nodes are always enough.
		size_t bound = (len + 1) / 2 + 1;
		if (p->nodes.size() < bound)
			p->nodes.resize(bound);
		else if (p->nodes.size() > (size_t)64 * 1024 && bound < p->nodes.size() / 16)
			std::vector<fo_vj_node>(bound).swap(p->nodes); // give a huge one back
		if (!flatten(root, nullptr, 0, p->nodes.data(), used)) {
			std::snprintf(what, whatlen, "unreadable value");
			return FO_VJ_ESYNTAX;
		}
	} catch (const std::bad_alloc &) {
		std::snprintf(what, whatlen, "out of memory");
		return FO_VJ_ENOMEM;
	}
	*nodes = p->nodes.data();
	*n = used;
	return FO_VJ_OK;
}
